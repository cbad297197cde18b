//! The sentences a person reads about an engine error, in either language. Both doors
//! use them: the command line on stderr, the window when it cannot start.

use crate::{EngineError, ErrorCode};

/// The languages a person can read Medimail in: French first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl std::str::FromStr for Lang {
    type Err = EngineError;

    /// `fr` or `en`, as both doors take it (`--lang`, `MEDIMAIL_LANG`).
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            _ => Err(EngineError::InvalidInput("the language is fr or en".into())),
        }
    }
}

pub fn describe_error(err: &EngineError, lang: Lang) -> String {
    if let EngineError::Refused { fr, en } = err {
        let lines = match lang {
            Lang::Fr => fr,
            Lang::En => en,
        };
        let head = match lang {
            Lang::Fr => "Le message n'est pas parti :",
            Lang::En => "The message was not sent:",
        };
        return std::iter::once(head.to_owned())
            .chain(lines.iter().map(|l| format!("  – {l}")))
            .collect::<Vec<_>>()
            .join("\n");
    }
    let (fr, en) = sentence(err.code());
    match lang {
        Lang::Fr => format!("Erreur : {fr}\nDétail : {err}"),
        Lang::En => format!("Error: {en}\nDetail: {err}"),
    }
}

fn sentence(code: ErrorCode) -> (&'static str, &'static str) {
    match code {
        ErrorCode::InvalidInput => (
            "une valeur saisie n'est pas valide. Corrigez-la puis recommencez.",
            "a value you gave is not valid. Correct it and try again.",
        ),
        ErrorCode::Io => (
            "un fichier ou un dossier est inaccessible. Vérifiez le chemin et les droits.",
            "a file or folder cannot be used. Check the path and permissions.",
        ),
        ErrorCode::Network => (
            "le serveur de messagerie est injoignable. Vérifiez la connexion réseau.",
            "the mail server cannot be reached. Check the network connection.",
        ),
        ErrorCode::Tls => (
            "la connexion sécurisée a échoué. Réessayez ; si cela persiste, contactez votre support.",
            "the secure connection failed. Try again; if it persists, contact your support.",
        ),
        ErrorCode::Certificate => (
            "le certificat n'est pas reconnu. Ne poursuivez pas et contactez votre support.",
            "the certificate is not trusted. Do not go on; contact your support.",
        ),
        ErrorCode::AuthFailed => (
            "identifiant ou mot de passe refusé par le serveur.",
            "the server refused the login or password.",
        ),
        ErrorCode::Unsupported => (
            "le serveur ne propose pas une fonction nécessaire.",
            "the server does not offer a required feature.",
        ),
        ErrorCode::Server => (
            "le serveur de messagerie a refusé l'opération.",
            "the mail server refused the operation.",
        ),
        ErrorCode::Timeout => (
            "le serveur met trop de temps à répondre. Réessayez plus tard.",
            "the server takes too long to answer. Try again later.",
        ),
        ErrorCode::Store => (
            "la base locale des messages a rencontré un problème. Relancez l'application ; vos messages ne sont pas perdus.",
            "the local message store hit a problem. Restart the app; your messages are not lost.",
        ),
        ErrorCode::StoreKey => (
            "la base locale ne s'ouvre pas avec la clé du trousseau. Vérifiez que vous êtes sur votre session habituelle.",
            "the local store does not open with the key from the keyring. Check that you are in your usual session.",
        ),
        ErrorCode::StoreTooNew => (
            "ce profil a été écrit par une version plus récente de Medimail Desktop. Installez la dernière version ; vos messages ne sont pas perdus.",
            "this profile was written by a newer Medimail Desktop. Install the latest version; your messages are not lost.",
        ),
        ErrorCode::Keyring => (
            "le trousseau du système est indisponible ou verrouillé. Déverrouillez-le puis recommencez.",
            "the system keyring is unavailable or locked. Unlock it and try again.",
        ),
        ErrorCode::NotFound => (
            "l'élément demandé n'existe pas (ou plus).",
            "the requested item does not exist (any more).",
        ),
        ErrorCode::Busy => (
            "une autre fenêtre ou tâche Medimail utilise ce profil. Patientez puis recommencez.",
            "another Medimail window or task is using this profile. Wait and try again.",
        ),
        ErrorCode::Internal => (
            "une erreur inattendue s'est produite. Relancez l'application ; si cela persiste, contactez votre support.",
            "an unexpected error occurred. Restart the app; if it persists, contact your support.",
        ),
    }
}
