### What an engine error means, for a person (both doors). The keys follow ErrorCode;
### error-unknown is for what the window cannot read as an engine error.

error-detail = Détail : { $detail }
error-refused-heading = Le message n'est pas parti :
error-invalid_input = Certaines informations saisies ne sont pas valides. Vérifiez-les puis réessayez.
error-io = Impossible de lire ou d’écrire les données sur cet ordinateur. Vérifiez l’espace disque disponible et les droits sur le dossier de Medimail, puis réessayez.
error-network = Impossible de joindre le serveur de messagerie. Vérifiez votre connexion Internet puis réessayez.
error-tls = La connexion sécurisée avec le serveur a échoué. Réessayez dans quelques instants ; si le problème persiste, contactez le support.
error-certificate = Le certificat du serveur ou votre certificat personnel n’est pas reconnu. Vérifiez la configuration du compte ou contactez le support.
error-certificate_expired = Le certificat du serveur a expiré : la connexion a été refusée pour protéger vos échanges. Vérifiez que la date et l’heure de cet ordinateur sont justes ; si c’est le cas, contactez votre opérateur de messagerie.
error-certificate_revoked = Le certificat du serveur a été révoqué par son autorité de certification : la connexion a été refusée et rien n’a été envoyé. Ne réessayez pas avec un autre réglage ; contactez votre opérateur de messagerie.
error-auth_failed = Le serveur a refusé vos identifiants. Vérifiez votre adresse et votre mot de passe, ou votre carte CPS, puis reconnectez-vous.
error-unsupported = Le serveur ne propose pas une fonction nécessaire à cette opération. Contactez le support de votre messagerie.
error-server = Le serveur de messagerie a refusé l’opération. Réessayez plus tard ; si le problème persiste, contactez le support.
error-timeout = Le serveur met trop de temps à répondre. Vérifiez votre connexion puis réessayez.
error-store = La base locale des messages a rencontré un problème. Redémarrez l’application ; vos messages ne sont pas perdus.
error-store_key = La base locale ne s’ouvre pas avec la clé du trousseau. Vérifiez que vous êtes sur votre session habituelle, puis contactez le support.
error-store_too_new = Ces données ont été enregistrées par une version plus récente de Medimail Desktop. Installez la dernière version ; vos messages ne sont pas perdus.
error-keyring = Le trousseau de mots de passe du système est verrouillé ou indisponible. Ouvrez votre session habituelle et déverrouillez son trousseau (sous Linux : « Mots de passe et clés »), puis réessayez.
error-not_found = L’élément demandé n’existe pas ou plus. Actualisez la liste puis réessayez.
error-directory_file = Ce fichier n’est pas une extraction de l’annuaire MSSanté lisible (en-tête inattendu ou archive endommagée). L’annuaire déjà chargé reste disponible.
error-shared_access_refused = Le serveur ne vous donne pas accès à cette boîte organisationnelle (accès retiré ou jamais accordé). Ce qui en est gardé sur cet ordinateur reste consultable.
error-shared_admin_refused = Seul un administrateur de cette boîte organisationnelle peut changer les comptes qui l’ouvrent. Rien n’a été changé.
error-directory_write_refused = L’annuaire de l’opérateur a refusé la modification : vous ne pouvez modifier que votre propre fiche, et le FINESS, le responsable et la description d’une boîte organisationnelle ne sont modifiables que par l’opérateur. Rien n’a été changé.
error-no_operator_directory = L’annuaire de l’opérateur de ce compte n’est pas connu (ni indiqué à l’ajout du compte, ni publié dans le DNS). Seul l’annuaire national est consulté.
error-shared_psc_unsupported = Avec une connexion Pro Santé Connect, une boîte organisationnelle ne s’ouvre pas comme un compte à part : ses dossiers sont dans votre boîte, sous « Boîte partagée ». Pour l’ouvrir à part, connectez-vous avec votre carte CPS ou avec votre mot de passe Medimail.
error-directory_psc_unsupported = Avec une connexion Pro Santé Connect, votre opérateur ne permet pas de lire ni de modifier votre fiche dans son annuaire. Connectez-vous avec votre carte CPS ou avec votre mot de passe Medimail pour la gérer ici.
error-directory_download = L’annuaire national n’a pas pu être téléchargé en entier (le serveur n’a pas envoyé l’extraction, ou le transfert s’est interrompu). L’annuaire déjà chargé reste disponible.
error-busy = Une autre fenêtre ou tâche Medimail utilise ce profil. Patientez quelques instants puis réessayez.
error-internal = Une erreur interne est survenue. Redémarrez l’application ; si le problème persiste, contactez le support.
error-card = La carte CPS n’a pas pu être utilisée. Vérifiez qu’elle est bien insérée dans le lecteur, puis réessayez.
error-pin_wrong = { $tries ->
        [one] Code PIN incorrect : { $tries } essai restant.
       *[other] Code PIN incorrect : { $tries } essais restants.
    }
error-card_blocked = Carte bloquée : le code PIN a été mal saisi trop de fois. Débloquez-la avec votre code de déblocage (PUK) ou demandez une nouvelle carte.
error-pin_format = Le code PIN de la carte CPS compte de { $min } à { $max } chiffres. Aucun essai n’a été décompté.
error-pin_required = Saisissez le code PIN de votre carte CPS pour vous connecter.
error-card_not_cps = Cette carte n’est pas une carte CPS. Insérez votre carte de professionnel de santé (CPS ou CPE) dans le lecteur.
error-card_other_holder = Cette carte CPS est celle d’un autre professionnel que le titulaire du compte. Insérez votre propre carte.
error-card_removed = La carte CPS a été retirée : la messagerie est verrouillée. Réinsérez votre carte et saisissez votre code PIN ; rien n’est perdu.
error-session_locked = La session est verrouillée. Saisissez votre mot de passe ou le code PIN de votre carte pour afficher vos messages.
error-signed_out = Vous êtes déconnecté. Connectez-vous pour relever et envoyer vos messages ; vos brouillons et votre boîte d’envoi sont conservés.
error-psc = Pro Santé Connect n’a pas pu être utilisé. Réessayez dans quelques instants ; si le problème persiste, contactez le support.
error-psc_denied = La connexion avec Pro Santé Connect a été refusée ou annulée. Recommencez pour accéder à votre messagerie.
error-psc_sign_in_expired = La connexion avec Pro Santé Connect n’a pas été terminée à temps. Recommencez puis validez-la sans attendre.
error-device_revoked = L’accès de cet ordinateur à ce compte a été révoqué depuis un autre appareil. Reconnectez-vous au compte pour l’utiliser à nouveau ; vos messages archivés ici sont conservés.
error-psc_session_ended = Votre session Pro Santé Connect est terminée. Reconnectez-vous avec votre carte CPS ou l’application e-CPS.
error-psc_wrong_practitioner = Cette connexion Pro Santé Connect est celle d’un autre professionnel que le titulaire de ce compte. Reconnectez-vous avec votre propre carte CPS ou votre propre e-CPS.
error-no_notification_service = Aucun service de notifications ne répond sur cette session : les notifications de bureau ne peuvent pas s’afficher. Vérifiez que votre environnement de bureau est ouvert et que ses notifications sont actives.
error-update_server = Cette adresse ne peut pas servir de serveur de mises à jour : elle doit être complète et commencer par https:// (par exemple https://maj.cabinet.fr/medimail/latest.json), sans identifiant ni mot de passe.
error-updates_off = La recherche des mises à jour est désactivée sur ce poste. Votre service informatique peut la réactiver dans les réglages ou avec « medimail updates on ».
error-update_unavailable = Le serveur de mises à jour n’a pas pu être joint ou n’a pas répondu correctement. Rien n’a été installé : vous pouvez continuer à utiliser l’application et réessayer plus tard.
error-update_refused = La mise à jour a été refusée : sa signature ne correspond pas à celle de Medimail Desktop (fichier modifié ou signé par quelqu’un d’autre). Rien n’a été installé et l’application actuelle est inchangée ; prévenez votre service informatique.
error-update_install = La mise à jour, bien signée, n’a pas pu être mise en place (droits d’écriture ou place sur le disque). L’application actuelle est inchangée ; prévenez votre service informatique.
error-unknown = Une erreur inattendue est survenue. Réessayez ; si le problème persiste, contactez le support.

# Servers looked up in the DNS from the address (RFC 6186) and not found there.
autoconfig-no-imap = Le domaine « { $domain } » n'annonce pas son serveur de réception (IMAP) : indiquez-le.
autoconfig-no-directory = Le domaine « { $domain } » n'annonce pas d'annuaire de l'opérateur (LDAP) : indiquez son adresse.
autoconfig-no-smtp = Le domaine « { $domain } » n'annonce pas son serveur d'envoi (SMTP) : indiquez-le.

# The page the browser shows once Pro Santé Connect has sent the practitioner back to Medimail.
psc-browser-done = Connexion réussie. Vous pouvez fermer cet onglet et revenir à Medimail.
psc-browser-failed = La connexion n’a pas abouti. Fermez cet onglet et revenez à Medimail.
error-sieve_script_refused = Le serveur de messagerie a refusé les règles de réponse automatique et de transfert : rien n’a été changé, les règles en place restent actives.
sieve-no-subject = Indiquez l’objet de la réponse automatique.
sieve-no-message = Écrivez le message de la réponse automatique.
sieve-message-too-long = Le message de la réponse automatique est trop long.
sieve-subject-too-long = L’objet de la réponse automatique est trop long.
sieve-bad-date = La date de début ou de fin n’est pas une date valide.
sieve-end-before-start = La fin de la réponse automatique doit venir après son début.
sieve-forward-invalid = « { $address } » n’est pas une adresse de messagerie valide.
sieve-forward-self = Vous ne pouvez pas transférer vos messages vers votre propre adresse ({ $address }).
sieve-forward-loop = { $address } transfère déjà ses messages vers cette boîte : un transfert dans l’autre sens ferait tourner les messages en boucle.
sieve-forward-unknown = Aucun transfert automatique vers { $address }.
