//! The one catalog of user-visible text, in English and Traditional Chinese.
//!
//! Each entry must name both languages: an entry without its zh-TW text does not
//! match the macro, so a missing translation fails the build. Terms follow
//! shared/seed/GLOSSARY.md.

use crate::model::Locale;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! catalog {
    ($($key:ident => $en:literal, $zh_tw:literal;)*) => {
        /// A message in the catalog.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($key),* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// The key's number on the wire and in stored flashes: a hash of its
            /// name, so it survives keys being added or moved, and the browser's
            /// download carries no key names.
            pub const fn id(self) -> u32 {
                match self {
                    $(Key::$key => { const ID: u32 = fnv1a(stringify!($key)); ID })*
                }
            }

            pub fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((Key::$key, Locale::En) => $en, (Key::$key, Locale::ZhTw) => $zh_tw,)*
                }
            }
        }
    };
}

catalog! {
    AppName => "partner-map", "partner-map";
    MutualActionPlan => "Mutual Action Plan", "共同行動計劃";
    SkipToContent => "Skip to main content", "跳至主要內容";
    MainNavigation => "Main navigation", "主要導覽";
    Save => "Save", "儲存";
    Saved => "Saved.", "已儲存。";

    // Areas
    AreaGoals => "Goals", "目標";
    AreaProgress => "Progress", "進度";
    AreaDeals => "Deals", "交易";
    AreaTasks => "Go to market", "進入市場";
    AreaReviews => "Quarterly reviews", "季度檢討";
    AreaGoalsAbout => "Set annual goals: five company goals, and monthly targets for four metrics beside the previous year's performance.", "設定年度目標：五項公司目標，以及四項指標的每月目標值，並對照前一年的表現。";
    AreaProgressAbout => "Review progress: current performance against target for each metric by month, quarter and full year, with pacing to year end.", "檢閱進度：依每月、季度與全年查看各指標的目前績效與目標值，以及到年底的進度。";
    AreaDealsAbout => "The deals behind the metrics, entered by hand or imported from a HubSpot deals export.", "支撐各項指標的交易，可手動輸入或從 HubSpot 交易匯出檔匯入。";
    AreaTasksAbout => "Action tasks shared by the partner and its Partner Development Manager.", "由合作夥伴與合作夥伴發展經理共同執行的行動任務。";
    AreaReviewsAbout => "Quarterly reviews: a snapshot of performance, notes, strategy changes and updated targets.", "季度檢討：績效快照、備註、策略變更與更新後的目標值。";
    AreaBeingBuilt => "This area is being built. Here is what it will hold:", "此區域正在建置中，完成後將包含：";

    // Accounts
    LogIn => "Log in", "登入";
    LogOut => "Log out", "登出";
    LogInTitle => "Log in to partner-map", "登入 partner-map";
    Email => "Email", "電子郵件";
    Password => "Password", "密碼";
    LoginFailed => "Wrong email or password.", "電子郵件或密碼錯誤。";
    TooManyAttempts => "Too many failed logins. Try again in {minutes} minutes.", "登入失敗次數過多，請於 {minutes} 分鐘後再試。";
    Account => "Account", "帳戶";
    SignedInAs => "Signed in as {name}", "目前登入：{name}";
    RoleMember => "Partner member", "合作夥伴成員";
    RolePdm => "Partner Development Manager (PDM)", "合作夥伴發展經理 (PDM)";
    RoleAdmin => "Administrator", "管理員";

    // Settings
    Settings => "Settings", "設定";
    Preferences => "Preferences", "偏好設定";
    Language => "Language", "語言";
    TimeZone => "Time zone", "時區";
    DisplayNameLabel => "Your name", "您的名稱";
    ChangePassword => "Change password", "變更密碼";
    CurrentPassword => "Current password", "目前密碼";
    NewPasswordLabel => "New password", "新密碼";
    ConfirmPassword => "Confirm new password", "確認新密碼";
    PasswordHint => "At least 10 characters. A few unrelated words make a strong password.", "至少 10 個字元。由幾個不相關的詞組成的密碼較安全。";
    PasswordLongEnough => "Long enough.", "長度足夠。";
    PasswordsMatch => "The passwords match.", "兩次輸入的密碼一致。";
    TimeZoneSearchHint => "Type part of a city or region, such as Taipei, then pick from the list.", "輸入城市或地區名稱的一部分（例如 Taipei），再從清單中選擇。";
    TimeZoneSuggestions => "Matching time zones", "符合的時區";
    TimeZoneNoMatch => "No time zone matches what you typed.", "沒有符合輸入內容的時區。";
    TimeZoneMatches => "{count} time zones match.", "共有 {count} 個時區符合。";
    PasswordChanged => "Your password has been changed. Other sessions were logged out.", "您的密碼已變更，其他工作階段已登出。";

    // Partners
    Partner => "Partner", "合作夥伴";
    SwitchPartner => "Switch partner", "切換合作夥伴";
    YourPartners => "Your partners", "您的合作夥伴";
    NoPartners => "No partner is assigned to you yet. Ask your administrator.", "尚未指派任何合作夥伴給您，請聯絡管理員。";
    Currency => "Currency", "幣別";
    Welcome => "Welcome, {name}", "歡迎，{name}";

    // Errors
    PageNotFound => "Page not found.", "找不到此頁面。";
    CheckFields => "Some fields need your attention; see the messages below.", "部分欄位需要修正，請查看下方說明。";
    TitleNoAccess => "No access", "無存取權限";
    TitleError => "Something went wrong", "發生錯誤";
    BackToStart => "Back to the start page", "返回首頁";
    ErrEmailInvalid => "Enter an email address such as name@example.com.", "請輸入有效的電子郵件地址，例如 name@example.com。";
    ErrNameRequired => "Enter a name.", "請輸入名稱。";
    ErrNameTooLong => "This name is too long.", "此名稱過長。";
    ErrPasswordTooShort => "The password must have at least 10 characters.", "密碼至少需要 10 個字元。";
    ErrPasswordTooLong => "The password can have at most 128 characters.", "密碼最多 128 個字元。";
    ErrPasswordMismatch => "The two new passwords do not match.", "兩次輸入的新密碼不一致。";
    ErrCurrentPasswordWrong => "The current password is not correct.", "目前密碼不正確。";
    ErrTimeZoneInvalid => "Choose a time zone from the list.", "請從清單中選擇時區。";
    ErrLocaleInvalid => "Choose a language from the list.", "請從清單中選擇語言。";
    ErrNotSignedIn => "Please log in to continue.", "請先登入。";
    ErrForbidden => "You do not have access to this.", "您沒有存取此內容的權限。";
    ErrNotFound => "This could not be found. It may have been removed.", "找不到此內容，可能已被移除。";
    ErrConflict => "Someone else changed this at the same time. Reload and try again.", "其他人同時變更了此內容，請重新載入後再試一次。";
    ErrBusy => "The server is busy. Please try again in a moment.", "伺服器忙碌中，請稍後再試。";
    ErrBadRequest => "The request could not be understood. Reload the page and try again.", "無法處理此要求，請重新載入頁面後再試一次。";
    ErrInternal => "Something went wrong on our side. Please try again. Reference: {reference}", "系統發生錯誤，請再試一次。參考編號：{reference}";
}

/// 32-bit FNV-1a, evaluated at compile time for [`Key::id`].
const fn fnv1a(name: &str) -> u32 {
    let bytes = name.as_bytes();
    let mut hash: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u32;
        hash = hash.wrapping_mul(0x0100_0193);
        i += 1;
    }
    hash
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.id())
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        let id = u32::deserialize(deserializer)?;
        Key::ALL
            .iter()
            .copied()
            .find(|k| k.id() == id)
            .ok_or_else(|| serde::de::Error::custom("unknown message"))
    }
}

impl Key {
    /// The text with each `{name}` replaced by its value.
    pub fn format(self, locale: Locale, args: &[(&str, &str)]) -> String {
        args.iter()
            .fold(self.text(locale).to_string(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys whose text is the same in every language: names, not words.
    const SAME_IN_EVERY_LANGUAGE: &[Key] = &[Key::AppName];

    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_key_is_translated() {
        for &key in Key::ALL {
            let (en, zh) = (key.text(Locale::En), key.text(Locale::ZhTw));
            assert!(
                !en.trim().is_empty() && !zh.trim().is_empty(),
                "{key:?} is empty"
            );
            if !SAME_IN_EVERY_LANGUAGE.contains(&key) {
                assert_ne!(en, zh, "{key:?} is not translated");
                assert!(
                    zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{key:?} has no Chinese"
                );
            }
            assert_eq!(
                placeholders(en),
                placeholders(zh),
                "{key:?} placeholders differ"
            );
        }
    }

    #[test]
    fn ids_are_distinct_and_round_trip() {
        let mut ids: Vec<u32> = Key::ALL.iter().map(|k| k.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Key::ALL.len(), "two keys share an id");
        for &key in Key::ALL {
            let json = serde_json::to_string(&key).unwrap();
            assert_eq!(serde_json::from_str::<Key>(&json).unwrap(), key);
        }
        assert!(serde_json::from_str::<Key>("1").is_err());
    }

    #[test]
    fn format_fills_placeholders() {
        assert_eq!(
            Key::TooManyAttempts.format(Locale::ZhTw, &[("minutes", "15")]),
            "登入失敗次數過多，請於 15 分鐘後再試。"
        );
        assert_eq!(
            Key::Welcome.format(Locale::En, &[("name", "Amy")]),
            "Welcome, Amy"
        );
    }

    #[test]
    fn glossary_terms_are_used() {
        assert_eq!(Key::MutualActionPlan.text(Locale::ZhTw), "共同行動計劃");
        assert_eq!(Key::AreaTasks.text(Locale::ZhTw), "進入市場");
        assert_eq!(Key::LogIn.text(Locale::ZhTw), "登入");
        assert_eq!(Key::LogOut.text(Locale::ZhTw), "登出");
    }
}
