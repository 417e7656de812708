//! The audit log's entries, written and read in one place.
//!
//! A change is stored as its kind (`user.create`), its target (`user 5
//! (a@b.test)`) and a value before and after. Writers build those with
//! [`Kind`], [`Target`] and [`Fields`]; the log page reads them back with
//! [`describe`], which turns every part into words in the reader's language.
//! Rows written before values were stored as fields (`name=…; role=…` text,
//! sentences such as `deactivated; 2 sessions and 1 calendar feeds ended`) are
//! read too, so the whole log reads the same; anything unrecognised is shown as
//! it was stored rather than dropped.

use crate::i18n::Key;
use crate::model::tasks::{DuePreset, Priority, TaskType};
use crate::model::{Locale, Role};
use std::collections::BTreeMap;

choices! {
    /// What kind of change an entry records.
    Kind {
        PartnerCreate => "partner.create", AuditPartnerCreate;
        PartnerRename => "partner.rename", AuditPartnerRename;
        PartnerTimeZone => "partner.time_zone", AuditPartnerTimeZone;
        PartnerArchive => "partner.archive", AuditPartnerArchive;
        PartnerRestore => "partner.restore", AuditPartnerRestore;
        UserCreate => "user.create", AuditUserCreate;
        UserRole => "user.role", AuditUserRole;
        UserResetPassword => "user.reset_password", AuditUserResetPassword;
        UserDeactivate => "user.deactivate", AuditUserDeactivate;
        UserReactivate => "user.reactivate", AuditUserReactivate;
        PdmAssign => "pdm.assign", AuditPdmAssign;
        PdmUnassign => "pdm.unassign", AuditPdmUnassign;
        DefaultTaskCreate => "default_task.create", AuditDefaultTaskCreate;
        DefaultTaskUpdate => "default_task.update", AuditDefaultTaskUpdate;
        DefaultTaskDelete => "default_task.delete", AuditDefaultTaskDelete;
        DefaultTaskReorder => "default_task.reorder", AuditDefaultTaskReorder;
        DefaultTaskRetire => "default_task.retire", AuditDefaultTaskRetire;
        DefaultTaskRestore => "default_task.restore", AuditDefaultTaskRestore;
        TokenCreate => "token.create", AuditTokenCreate;
        TokenNewAddress => "token.new_address", AuditTokenNewAddress;
        TokenRevoke => "token.revoke", AuditTokenRevoke;
        StageCreate => "deal_stage.create", AuditStageCreate;
        StageProbability => "deal_stage.probability", AuditStageProbability;
    }
}

/// How the command line is recorded as the actor.
pub const COMMAND_LINE: &str = "command line";

/// What a change was made to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Partner {
        id: i64,
        name: String,
    },
    User {
        id: i64,
        email: String,
    },
    /// A PDM's assignment to a partner.
    Assignment(Box<Target>, Box<Target>),
    /// A default task: its id once it has one, its English title where known.
    DefaultTask {
        id: Option<i64>,
        title: Option<String>,
    },
    /// A JSON API token, by its name.
    Token {
        id: i64,
        name: String,
    },
}

impl Target {
    /// As stored: `partner 3 (Acme)`, `user 5 (a@b.test)`, `… → …`,
    /// `default task 7 (Kick-off call)`.
    pub fn to_stored(&self) -> String {
        match self {
            Target::Partner { id, name } => format!("partner {id} ({name})"),
            Target::User { id, email } => format!("user {id} ({email})"),
            Target::Assignment(pdm, partner) => {
                format!("{} → {}", pdm.to_stored(), partner.to_stored())
            }
            Target::Token { id, name } => format!("token {id} ({name})"),
            Target::DefaultTask { id, title } => match (id, title) {
                (Some(id), Some(title)) => format!("default task {id} ({title})"),
                (Some(id), None) => format!("default task {id}"),
                (None, Some(title)) => format!("default task ({title})"),
                (None, None) => "default task".to_string(),
            },
        }
    }

    pub fn parse(stored: &str) -> Option<Target> {
        if let Some((pdm, partner)) = stored.split_once(" → ") {
            return Some(Target::Assignment(
                Box::new(Target::parse(pdm)?),
                Box::new(Target::parse(partner)?),
            ));
        }
        if let Some(rest) = stored.strip_prefix("partner ") {
            let (id, name) = id_and_name(rest)?;
            return Some(Target::Partner {
                id: id?,
                name: name?,
            });
        }
        if let Some(rest) = stored.strip_prefix("user ") {
            let (id, email) = id_and_name(rest)?;
            return Some(Target::User {
                id: id?,
                email: email?,
            });
        }
        if let Some(rest) = stored.strip_prefix("token ") {
            let (id, name) = id_and_name(rest)?;
            return Some(Target::Token {
                id: id?,
                name: name?,
            });
        }
        let rest = stored.strip_prefix("default task")?;
        let (id, title) = if rest.is_empty() {
            (None, None)
        } else {
            id_and_name(rest.strip_prefix(' ')?)?
        };
        Some(Target::DefaultTask { id, title })
    }

    fn words(&self, locale: Locale) -> String {
        match self {
            Target::Partner { name, .. } => {
                Key::AuditTargetPartner.format(locale, &[("name", name)])
            }
            Target::User { email, .. } => Key::AuditTargetUser.format(locale, &[("email", email)]),
            Target::Assignment(pdm, partner) => {
                format!("{} → {}", pdm.words(locale), partner.words(locale))
            }
            Target::Token { name, .. } => Key::AuditTargetToken.format(locale, &[("name", name)]),
            Target::DefaultTask { id, title } => match (title, id) {
                (Some(title), _) => Key::AuditTargetDefaultTask.format(locale, &[("title", title)]),
                (None, Some(id)) => {
                    Key::AuditTargetDefaultTaskNumber.format(locale, &[("number", &id.to_string())])
                }
                (None, None) => Key::DefaultTasks.text(locale).to_string(),
            },
        }
    }
}

/// `7 (Kick-off call)`, `7` or `(Kick-off call)`: the id and the name in
/// brackets, each where present (a name may hold brackets of its own).
fn id_and_name(s: &str) -> Option<(Option<i64>, Option<String>)> {
    let (id, name) = match s.split_once(" (") {
        Some((id, rest)) => (id, Some(rest)),
        None if s.starts_with('(') => ("", Some(&s[1..])),
        None => (s, None),
    };
    let id = if id.is_empty() {
        None
    } else {
        Some(id.parse().ok()?)
    };
    let name = match name {
        Some(n) => Some(n.strip_suffix(')')?.to_string()),
        None => None,
    };
    Some((id, name))
}

/// The named values of a record, stored as a JSON object: what a writer
/// builds, and what [`describe`] reads field by field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields(BTreeMap<String, String>);

impl Fields {
    pub fn new() -> Fields {
        Fields::default()
    }

    pub fn with(mut self, field: Field, value: impl ToString) -> Fields {
        self.0.insert(field.as_str().to_string(), value.to_string());
        self
    }

    pub fn to_stored(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }

    /// A stored value as fields: a JSON object, or the `key=value; …` text
    /// of older rows when every key is one this module knows.
    fn parse(stored: &str) -> Option<Fields> {
        if stored.starts_with('{') {
            return serde_json::from_str(stored).ok().map(Fields);
        }
        let mut fields = BTreeMap::new();
        for pair in stored.split("; ") {
            let (key, value) = pair.split_once('=')?;
            Field::parse(key)?;
            fields.insert(key.to_string(), value.to_string());
        }
        (!fields.is_empty()).then_some(Fields(fields))
    }
}

choices! {
    /// A named value in a record, in the order the log shows them.
    Field {
        Name => "name", AuditFieldName;
        Role => "role", AuditFieldRole;
        Partner => "partner", AuditFieldPartner;
        Currency => "currency", AuditFieldCurrency;
        TimeZone => "time_zone", AuditFieldTimeZone;
        TitleEn => "title_en", AuditFieldTitleEn;
        TitleZhTw => "title_zh_tw", AuditFieldTitleZhTw;
        TaskKind => "kind", AuditFieldTaskKind;
        Priority => "priority", AuditFieldPriority;
        Due => "due", AuditFieldDue;
        Position => "position", AuditFieldPosition;
        State => "state", AuditFieldState;
        SessionsEnded => "sessions_ended", AuditFieldSessionsEnded;
        FeedsEnded => "feeds_ended", AuditFieldFeedsEnded;
        Scopes => "scopes", AuditFieldScopes;
        Expires => "expires", AuditFieldExpires;
        Address => "address", AuditFieldAddress;
        Stage => "stage", AuditFieldStage;
        Probability => "probability", AuditFieldProbability;
    }
}

/// A record's state, stored as one word.
const STATES: &[(&str, Key)] = &[
    ("active", Key::AuditStateActive),
    ("archived", Key::AuditStateArchived),
    ("deactivated", Key::AuditStateDeactivated),
    ("assigned", Key::AuditStateAssigned),
    ("offered", Key::AuditStateOffered),
    ("retired", Key::AuditStateRetired),
    ("one_time_password", Key::AuditStateOneTimePassword),
    ("revoked", Key::AuditStateRevoked),
];

/// What one entry says, in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Words {
    pub actor: String,
    pub kind: String,
    pub target: String,
    /// One line per field.
    pub old_value: Vec<String>,
    pub new_value: Vec<String>,
}

/// A stored entry, as the log holds it.
pub struct Stored<'a> {
    pub actor: &'a str,
    pub kind: &'a str,
    pub target: &'a str,
    pub old_value: &'a str,
    pub new_value: &'a str,
}

/// An entry in words. `partner_name` names a partner by its id (entries
/// store the id where a user's partner changed).
pub fn describe(
    entry: &Stored,
    locale: Locale,
    partner_name: &dyn Fn(i64) -> Option<String>,
) -> Words {
    Words {
        actor: actor_words(entry.actor, locale),
        kind: Kind::parse(entry.kind)
            .map(|k| k.label().text(locale).to_string())
            .unwrap_or_else(|| entry.kind.to_string()),
        target: Target::parse(entry.target)
            .map(|t| t.words(locale))
            .unwrap_or_else(|| entry.target.to_string()),
        old_value: value_words(entry.old_value, locale, partner_name),
        new_value: value_words(entry.new_value, locale, partner_name),
    }
}

/// Who made a change: an email, or the command line in words.
pub fn actor_words(actor: &str, locale: Locale) -> String {
    if actor == COMMAND_LINE {
        Key::AuditCommandLine.text(locale).to_string()
    } else {
        actor.to_string()
    }
}

fn value_words(
    stored: &str,
    locale: Locale,
    partner_name: &dyn Fn(i64) -> Option<String>,
) -> Vec<String> {
    if stored.is_empty() {
        return Vec::new();
    }
    let Some(fields) = Fields::parse(stored).or_else(|| legacy_sentence(stored)) else {
        return vec![state_words(stored, locale).unwrap_or_else(|| stored.to_string())];
    };
    let known = Field::ALL.iter().filter_map(|f| {
        let value = fields.0.get(f.as_str())?;
        let label = f.label().text(locale);
        Some(labelled(
            label,
            &field_words(*f, value, locale, partner_name),
            locale,
        ))
    });
    let unknown = fields
        .0
        .iter()
        .filter(|(k, _)| Field::parse(k).is_none())
        .map(|(k, v)| labelled(k, v, locale));
    known.chain(unknown).collect()
}

fn labelled(label: &str, value: &str, locale: Locale) -> String {
    format!("{label}{}{value}", Key::LabelColon.text(locale))
}

fn field_words(
    field: Field,
    value: &str,
    locale: Locale,
    partner_name: &dyn Fn(i64) -> Option<String>,
) -> String {
    let none = || Key::AuditNone.text(locale).to_string();
    let text = |key: Option<Key>| key.map(|k| k.text(locale).to_string());
    let words = match field {
        _ if value.is_empty() => Some(none()),
        Field::Role => text(Role::parse(value).map(Role::label)),
        Field::TaskKind => text(TaskType::parse(value).map(TaskType::label)),
        Field::Priority => text(Priority::parse(value).map(Priority::label)),
        Field::Due => text(DuePreset::parse(value).map(DuePreset::label)),
        Field::State => state_words(value, locale),
        Field::Expires if value == "never" => text(Some(Key::TokenLifetimeNever)),
        Field::Partner => value.parse().ok().map(|id| {
            partner_name(id)
                .unwrap_or_else(|| Key::AuditPartnerNumber.format(locale, &[("number", value)]))
        }),
        _ => None,
    };
    words.unwrap_or_else(|| value.to_string())
}

fn state_words(word: &str, locale: Locale) -> Option<String> {
    STATES
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, k)| k.text(locale).to_string())
}

/// The sentences older rows stored: `deactivated; 2 sessions and 1 calendar
/// feeds ended`, `one-time password set; …`, `place 3`.
fn legacy_sentence(stored: &str) -> Option<Fields> {
    if let Some(place) = stored.strip_prefix("place ") {
        return Some(Fields::new().with(Field::Position, place.parse::<u32>().ok()?));
    }
    let (state, ended) = stored.split_once("; ")?;
    let state = match state {
        "one-time password set" => "one_time_password",
        "deactivated" => "deactivated",
        _ => return None,
    };
    let (sessions, feeds) = ended
        .strip_suffix(" calendar feeds ended")?
        .split_once(" sessions and ")?;
    Some(
        Fields::new()
            .with(Field::State, state)
            .with(Field::SessionsEnded, sessions.parse::<u64>().ok()?)
            .with(Field::FeedsEnded, feeds.parse::<u64>().ok()?),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(id: i64) -> Option<String> {
        (id == 2).then(|| "Formosa Cloud".to_string())
    }

    fn words(kind: &str, target: &str, old: &str, new: &str, locale: Locale) -> Words {
        let entry = Stored {
            actor: COMMAND_LINE,
            kind,
            target,
            old_value: old,
            new_value: new,
        };
        describe(&entry, locale, &names)
    }

    #[test]
    fn a_user_created_from_the_command_line_reads_in_chinese() {
        let new = Fields::new()
            .with(Field::Name, "林怡君")
            .with(Field::Role, "member")
            .with(Field::Partner, 2)
            .to_stored();
        let target = Target::User {
            id: 5,
            email: "member@formosa.test".into(),
        }
        .to_stored();
        let w = words("user.create", &target, "", &new, Locale::ZhTw);
        assert_eq!(w.actor, "命令列");
        assert_eq!(w.kind, "建立使用者");
        assert_eq!(w.target, "使用者 member@formosa.test");
        assert!(w.old_value.is_empty());
        assert_eq!(
            w.new_value,
            [
                "名稱：林怡君",
                "角色：合作夥伴成員",
                "合作夥伴：Formosa Cloud"
            ]
        );
    }

    #[test]
    fn rows_written_before_fields_read_the_same_as_new_ones() {
        let old = words(
            "user.create",
            "user 5 (member@formosa.test)",
            "",
            "name=林怡君; role=member; partner=2",
            Locale::En,
        );
        let new = words(
            "user.create",
            "user 5 (member@formosa.test)",
            "",
            &Fields::new()
                .with(Field::Name, "林怡君")
                .with(Field::Role, "member")
                .with(Field::Partner, 2)
                .to_stored(),
            Locale::En,
        );
        assert_eq!(old, new);
        assert_eq!(
            old.new_value,
            [
                "Name: 林怡君",
                "Role: Partner member",
                "Partner: Formosa Cloud"
            ]
        );

        let sentence = words(
            "user.deactivate",
            "user 5 (a@b.test)",
            "active",
            "deactivated; 2 sessions and 1 calendar feeds ended",
            Locale::En,
        );
        assert_eq!(sentence.old_value, ["Active"]);
        assert_eq!(
            sentence.new_value,
            [
                "State: Deactivated",
                "Sessions ended: 2",
                "Calendar feeds ended: 1"
            ]
        );
        assert_eq!(
            words(
                "default_task.reorder",
                "default task 3 (Call)",
                "place 1",
                "place 2",
                Locale::ZhTw
            )
            .new_value,
            ["順序：2"]
        );
    }

    #[test]
    fn a_partner_no_longer_known_and_an_empty_partner_are_still_in_words() {
        let w = words(
            "user.role",
            "user 5 (a@b.test)",
            "role=member; partner=9",
            "role=pdm; partner=",
            Locale::En,
        );
        assert_eq!(w.old_value, ["Role: Partner member", "Partner: partner #9"]);
        assert_eq!(
            w.new_value,
            ["Role: Partner Development Manager (PDM)", "Partner: none"]
        );
    }

    #[test]
    fn every_target_round_trips_and_is_named_in_words() {
        let partner = Target::Partner {
            id: 3,
            name: "Acme (Taiwan)".into(),
        };
        let user = Target::User {
            id: 4,
            email: "pdm@vendor.test".into(),
        };
        let targets = [
            partner.clone(),
            user.clone(),
            Target::Assignment(Box::new(user), Box::new(partner)),
            Target::DefaultTask {
                id: Some(7),
                title: Some("Kick-off (call)".into()),
            },
            Target::DefaultTask {
                id: Some(7),
                title: None,
            },
            Target::DefaultTask {
                id: None,
                title: Some("Plan".into()),
            },
            Target::Token {
                id: 12,
                name: "HubSpot (nightly)".into(),
            },
        ];
        for t in targets {
            assert_eq!(Target::parse(&t.to_stored()), Some(t.clone()), "{t:?}");
        }
        let w = words(
            "pdm.assign",
            "user 4 (pdm@vendor.test) → partner 3 (Acme (Taiwan))",
            "",
            "assigned",
            Locale::ZhTw,
        );
        assert_eq!(w.target, "使用者 pdm@vendor.test → 合作夥伴 Acme (Taiwan)");
        assert_eq!(w.kind, "指派 PDM");
        assert_eq!(w.new_value, ["已指派"]);
    }

    #[test]
    fn token_entries_read_in_words() {
        let w = words(
            "token.new_address",
            "token 12 (HubSpot nightly)",
            "",
            r#"{"address":"203.0.113.9"}"#,
            Locale::ZhTw,
        );
        assert_eq!(w.target, "API 權杖 HubSpot nightly");
        assert_eq!(w.kind, "權杖從新位址使用");
        assert_eq!(w.new_value, ["位址：203.0.113.9"]);
        let made = words(
            "token.create",
            "token 12 (HubSpot nightly)",
            "",
            r#"{"expires":"never","scopes":"deals:read"}"#,
            Locale::ZhTw,
        );
        assert_eq!(made.new_value, ["權限範圍：deals:read", "到期：永不到期"]);
    }

    #[test]
    fn what_is_not_recognised_is_shown_as_stored() {
        let w = words(
            "something.new",
            "a thing",
            "x=1; y",
            "plain text",
            Locale::En,
        );
        assert_eq!(w.kind, "something.new");
        assert_eq!(w.target, "a thing");
        assert_eq!(w.old_value, ["x=1; y"]);
        assert_eq!(w.new_value, ["plain text"]);
    }

    #[test]
    fn every_kind_and_field_has_words_in_both_languages() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(*kind));
            assert_ne!(
                kind.label().text(Locale::En),
                kind.label().text(Locale::ZhTw)
            );
        }
        for field in Field::ALL {
            assert_eq!(Field::parse(field.as_str()), Some(*field));
        }
    }
}
