//! The one message catalogue: every sentence a person reads, in French and English, from the
//! Fluent files of `locales/` (the UI loads the same files with `@fluent/bundle`). The engine
//! hands out [`Text`]s — a key and its arguments — and each door says them in its language.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;
use ts_rs::TS;

use crate::{EngineError, ErrorCode};

/// The languages a person can read Medimail in: French first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
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

/// The catalogue's files, the same list in both languages (a test checks both hold the same
/// keys with the same arguments).
macro_rules! sources {
    ($lang:literal) => {
        [
            include_str!(concat!("../../../locales/", $lang, "/errors.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/compose.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/receipts.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/cli.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/print.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/mail.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/ui-shell.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/ui-list.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/ui-reader.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/ui-compose.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/ui-settings.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/ui-directory.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/sync.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/notifications.ftl")),
        ]
    };
}

pub(crate) const FR_SOURCES: [&str; 14] = sources!("fr");
pub(crate) const EN_SOURCES: [&str; 14] = sources!("en");

/// One argument of a sentence: numbers stay numbers so that plurals can be chosen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum TextArg {
    Number(f64),
    Text(String),
}

impl From<&str> for TextArg {
    fn from(value: &str) -> Self {
        TextArg::Text(value.to_owned())
    }
}

impl From<String> for TextArg {
    fn from(value: String) -> Self {
        TextArg::Text(value)
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for TextArg {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(value: $t) -> Self {
                TextArg::Number(value as f64)
            }
        }
    )*};
}
number_args!(u8, u32, u64, usize, i32, i64, f64);

/// A sentence to show: a catalogue key and its arguments, said by each door in its language.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Text {
    pub key: String,
    pub args: BTreeMap<String, TextArg>,
}

impl Text {
    pub fn new(key: impl Into<String>) -> Self {
        Text { key: key.into(), args: BTreeMap::new() }
    }

    pub fn arg(mut self, name: &str, value: impl Into<TextArg>) -> Self {
        self.args.insert(name.to_owned(), value.into());
        self
    }

    pub fn say(&self, lang: Lang) -> String {
        say(lang, &self.key, &self.args)
    }
}

struct Bundles {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: Lang, sources: &[&str]) -> FluentBundle<FluentResource> {
    let id = match lang {
        Lang::Fr => unic_langid::langid!("fr"),
        Lang::En => unic_langid::langid!("en"),
    };
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks around arguments help right-to-left scripts, which neither language
    // is; in a terminal they show as stray characters.
    bundle.set_use_isolating(false);
    if lang == Lang::Fr {
        bundle.set_formatter(Some(french_number));
    }
    for source in sources {
        // A malformed line is skipped by the parser (the rest still loads); the test below
        // refuses any, so a release never carries one.
        let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(partial, _)| partial);
        // A key given twice keeps its first sentence; the test refuses duplicates too.
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// French writes 12,4 where English writes 12.4 (fluent-bundle formats numbers the English way).
fn french_number(value: &FluentValue, _: &intl_memoizer::concurrent::IntlLangMemoizer) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(n.as_string().replace('.', ",")),
        _ => None,
    }
}

static BUNDLES: LazyLock<Bundles> =
    LazyLock::new(|| Bundles { fr: bundle(Lang::Fr, &FR_SOURCES), en: bundle(Lang::En, &EN_SOURCES) });

/// The sentence for `key` in `lang`. A key the catalogue lacks is shown as itself (and the
/// catalogue test catches it before a release), never a panic.
pub fn say(lang: Lang, key: &str, args: &BTreeMap<String, TextArg>) -> String {
    let bundle = match lang {
        Lang::Fr => &BUNDLES.fr,
        Lang::En => &BUNDLES.en,
    };
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        tracing::warn!(key, "sentence missing from the catalogue");
        return key.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            TextArg::Number(n) => fluent_args.set(name.as_str(), FluentValue::from(*n)),
            TextArg::Text(s) => fluent_args.set(name.as_str(), FluentValue::from(s.as_str())),
        }
    }
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
}

/// A sentence without arguments.
pub fn say_plain(lang: Lang, key: &str) -> String {
    say(lang, key, &BTreeMap::new())
}

/// What the command line prints, and the window shows when it cannot start, for an error.
pub fn describe_error(err: &EngineError, lang: Lang) -> String {
    if let EngineError::Refused(problems) = err {
        return std::iter::once(say_plain(lang, "error-refused-heading"))
            .chain(problems.iter().map(|p| format!("  – {}", p.say(lang))))
            .collect::<Vec<_>>()
            .join("\n");
    }
    let detail = Text::new("error-detail").arg("detail", err.to_string());
    format!("{}\n{}", error_text(err).say(lang), detail.say(lang))
}

/// An error's sentence with the numbers it names (tries left, PIN lengths).
pub fn error_text(err: &EngineError) -> Text {
    let text = Text::new(error_key(err.code()));
    match err {
        EngineError::PinWrong { tries_left } => text.arg("tries", u64::from(*tries_left)),
        EngineError::PinFormat { min, max } => text.arg("min", *min as u64).arg("max", *max as u64),
        _ => text,
    }
}

/// The catalogue key of an error code's sentence: `error-` and the code as the UI gets it.
pub fn error_key(code: ErrorCode) -> String {
    let code = serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    format!("error-{code}")
}

#[cfg(test)]
mod tests;
