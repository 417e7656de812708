//! The languages partner-map speaks, and how a request's language is chosen.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    ZhTw,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhTw];

    /// The BCP 47 tag, as used in `lang` attributes, cookies and the database.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhTw => "zh-TW",
        }
    }

    /// The language's own name, shown in the switcher whatever the current language.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhTw => "繁體中文",
        }
    }

    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase();
        match tag.as_str() {
            "en" => Some(Locale::En),
            "zh-tw" => Some(Locale::ZhTw),
            _ => None,
        }
    }

    /// Picks a locale from an Accept-Language header. Any Chinese other than the
    /// simplified script is served Traditional Chinese, the only Chinese we have.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut ranges: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let range = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (!range.is_empty() && q > 0.0).then_some((q, range))
            })
            .collect();
        // Stable sort keeps the header's order among equal weights.
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranges.into_iter().find_map(|(_, range)| {
            let range = range.to_ascii_lowercase();
            if range == "en" || range.starts_with("en-") {
                Some(Locale::En)
            } else if range == "zh" || range.starts_with("zh-") {
                let simplified = ["zh-cn", "zh-sg", "zh-hans"]
                    .iter()
                    .any(|s| range.starts_with(s));
                (!simplified).then_some(Locale::ZhTw)
            } else {
                None
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::parse(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::parse("ZH-tw"), Some(Locale::ZhTw));
        assert_eq!(Locale::parse("fr"), None);
    }

    #[test]
    fn accept_language_prefers_weight_then_order() {
        assert_eq!(
            Locale::from_accept_language("zh-TW,zh;q=0.9,en;q=0.8"),
            Some(Locale::ZhTw)
        );
        assert_eq!(
            Locale::from_accept_language("en-US,en;q=0.9"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::from_accept_language("fr;q=1, zh-HK;q=0.5, en;q=0.4"),
            Some(Locale::ZhTw)
        );
        assert_eq!(
            Locale::from_accept_language("en;q=0.2, zh-TW;q=0.8"),
            Some(Locale::ZhTw)
        );
        assert_eq!(Locale::from_accept_language("zh-CN"), None);
        assert_eq!(Locale::from_accept_language("de, fr"), None);
        assert_eq!(Locale::from_accept_language("zh-TW;q=0"), None);
        assert_eq!(Locale::from_accept_language(""), None);
    }
}
