//! Translations: Fluent catalogs for Valencian (the course's language), Spanish and English.
//!
//! Lower layers return data; what people read is made here, from a [`Message`] (an id and its
//! arguments). Ids are literals at their use (`msg!("quorate", cluster = name, members = 3)`), so a test
//! can check that every id used in the code exists in all three catalogs.

use std::fmt;
use std::str::FromStr;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub mod words;

/// A language the app speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// Valencian (Catalan as spoken in Valencia): the course's own language.
    CaValencia,
    /// Spanish.
    Es,
    /// English.
    En,
}

impl Language {
    /// Every language, in the order the menu shows them.
    pub const ALL: [Language; 3] = [Language::CaValencia, Language::Es, Language::En];

    /// The BCP 47 tag: `ca-valencia`, `es`, `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::CaValencia => "ca-valencia",
            Self::Es => "es",
            Self::En => "en",
        }
    }

    /// The language's own name, for a menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::CaValencia => "Valencià",
            Self::Es => "Español",
            Self::En => "English",
        }
    }

    fn catalog(self) -> &'static str {
        match self {
            Self::CaValencia => include_str!("../../assets/i18n/ca-valencia.ftl"),
            Self::Es => include_str!("../../assets/i18n/es.ftl"),
            Self::En => include_str!("../../assets/i18n/en.ftl"),
        }
    }

    /// The language of a POSIX locale such as `ca_ES.UTF-8@valencia`, `es_ES.UTF-8` or `en_GB`.
    pub fn from_locale(locale: &str) -> Option<Self> {
        let lower = locale.to_ascii_lowercase();
        let code = lower.split(['_', '.', '@', '-']).next().unwrap_or_default();
        match code {
            "ca" => Some(Self::CaValencia),
            "es" | "gl" | "eu" => Some(Self::Es),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The language the system asks for, as gettext picks a catalog; English when it asks for
    /// none we speak.
    pub fn from_environment() -> Self {
        Self::from_variables(|name| std::env::var(name).ok())
    }

    /// gettext's order over the variables `var` reads: the messages' locale is the first set of
    /// `LC_ALL`, `LC_MESSAGES` and `LANG` (none: `C`); unless that is `C` or `POSIX`, the list
    /// in `LANGUAGE` comes before it. LliureX sets `LANG=ca_ES.UTF-8@valencia` with
    /// `LANGUAGE=ca@valencia`; a teacher who picked Spanish in the session's settings has
    /// `LANGUAGE=es:ca@valencia` over the same `LANG`.
    pub fn from_variables(var: impl Fn(&str) -> Option<String>) -> Self {
        let set = |name: &str| var(name).filter(|value| !value.is_empty());
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(set)
            .unwrap_or_else(|| "C".to_owned());
        // glibc's `C.UTF-8` is the C locale too.
        let plain = locale == "POSIX" || locale == "C" || locale.starts_with("C.");
        if plain {
            return Self::En;
        }
        let listed = set("LANGUAGE").unwrap_or_default();
        listed
            .split(':')
            .chain(std::iter::once(locale.as_str()))
            .find_map(Self::from_locale)
            .unwrap_or(Self::En)
    }
}

impl FromStr for Language {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|language| language.tag() == text)
            .or_else(|| Self::from_locale(text))
            .ok_or_else(|| format!("{text:?}: use one of ca-valencia, es, en"))
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A value for a message's placeable.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Text, shown as is.
    Text(String),
    /// A number, formatted (and pluralised) by the language's rules.
    Number(f64),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}
impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}
impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Self::Text(text.clone())
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Self::Number(n as f64)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64, f64);

/// A translatable message: an id of the catalogs and its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// The Fluent id.
    pub id: &'static str,
    /// Named arguments.
    pub args: Vec<(&'static str, Arg)>,
    /// The technical chain behind it (the transport's own words), untranslated: shown apart,
    /// behind a "details" disclosure in the window and on a line of its own in a terminal, so
    /// that the message itself stays in the teacher's words.
    pub details: Option<String>,
}

impl Message {
    /// A message without arguments (prefer [`msg!`], whose ids the catalog test finds).
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
            details: None,
        }
    }

    /// Adds an argument.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// Adds the technical chain behind the message.
    pub fn with_details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }
}

/// Builds a [`Message`]: `msg!("quorate", cluster = "escola", members = 3)`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Message::new($id) $(.with(stringify!($name), $value))*
    };
}

/// Formats messages in one language, falling back to English for anything missing.
pub struct Translator {
    language: Language,
    bundle: FluentBundle<FluentResource>,
    fallback: FluentBundle<FluentResource>,
}

impl fmt::Debug for Translator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Translator({})", self.language)
    }
}

fn bundle(language: Language) -> FluentBundle<FluentResource> {
    let tag = match language {
        Language::CaValencia => unic_langid::langid!("ca-valencia"),
        Language::Es => unic_langid::langid!("es"),
        Language::En => unic_langid::langid!("en"),
    };
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Unicode isolation marks would show up as stray characters in terminals and logs.
    bundle.set_use_isolating(false);
    // The catalogs are compiled in and checked by tests: a parse error cannot reach a user, and
    // whatever parsed is still used.
    let resource = match FluentResource::try_new(language.catalog().to_owned()) {
        Ok(resource) | Err((resource, _)) => resource,
    };
    bundle.add_resource_overriding(resource);
    bundle
}

impl Translator {
    /// A translator for `language`.
    pub fn new(language: Language) -> Self {
        Self {
            language,
            bundle: bundle(language),
            fallback: bundle(Language::En),
        }
    }

    /// The language it speaks.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The text of a message.
    pub fn tr(&self, message: &Message) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &message.args {
            match value {
                Arg::Text(text) => args.set(*name, FluentValue::from(text.as_str())),
                Arg::Number(n) => args.set(*name, FluentValue::from(*n)),
            }
        }
        for bundle in [&self.bundle, &self.fallback] {
            let Some(pattern) = bundle.get_message(message.id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
            if errors.is_empty() {
                return text.into_owned();
            }
            tracing::debug!(id = message.id, ?errors, "message formatted with errors");
            return text.into_owned();
        }
        // Only reachable through a missing id, which the catalog test forbids.
        message.id.to_owned()
    }

    /// The text of a message without arguments.
    pub fn text(&self, id: &'static str) -> String {
        self.tr(&Message::new(id))
    }
}

/// Bytes as megabytes with one decimal (`16.8`), as the web UI's upload dialog counts them.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

#[cfg(test)]
pub(crate) mod tests;
