//! Making, listing and revoking API tokens: the one implementation behind the
//! partner's tokens page, the admin area and the command line. Every creation
//! and revocation writes its audit row in the same transaction.

use crate::error::{AppError, Validation};
use crate::i18n::Key;
use crate::model::api_token::{
    parse_name, parse_scopes, stored_scopes, Lifetime, SECRET_PREFIX, SHOWN_PREFIX_CHARS,
};
use crate::model::audit::{Field, Fields, Kind, Target, COMMAND_LINE};
use crate::model::{PartnerId, Role, TokenId};
use crate::server::auth::{new_session_token, token_hash};
use crate::server::db::{Db, Tx};
use crate::server::store::api_tokens::{self, Listed, NewToken, TokenRow};
use crate::server::store::audit::{self, Entry};
use crate::server::store::users::UserRow;
use chrono::{DateTime, Duration, Utc};

/// A token as asked for: every field as typed.
#[derive(Clone, Debug, Default)]
pub struct TokenRequest {
    /// `None`: every partner (admins and the command line only).
    pub partner: Option<PartnerId>,
    pub name: String,
    pub scopes: Vec<String>,
    /// A [`Lifetime`] code: `30`, `90`, `365` or `never`.
    pub lifetime: String,
}

/// A new token: the secret exists only here, and in the answer that shows it.
#[derive(Clone, Debug)]
pub struct MadeToken {
    pub id: TokenId,
    pub secret: String,
}

/// Who makes or revokes a token: a signed-in person, or the command line.
#[derive(Clone, Copy, Debug)]
pub enum Maker<'a> {
    User(&'a UserRow),
    CommandLine,
}

impl Maker<'_> {
    fn id(self) -> Option<crate::model::UserId> {
        match self {
            Maker::User(u) => Some(u.id),
            Maker::CommandLine => None,
        }
    }

    fn label(self) -> String {
        match self {
            Maker::User(u) => u.email.clone(),
            Maker::CommandLine => COMMAND_LINE.to_string(),
        }
    }

    fn is_admin(self) -> bool {
        match self {
            Maker::User(u) => u.role == Role::Admin,
            Maker::CommandLine => true,
        }
    }
}

pub async fn create(
    db: &Db,
    maker: Maker<'_>,
    request: &TokenRequest,
    now: DateTime<Utc>,
) -> Result<MadeToken, AppError> {
    let mut check = Validation::new();
    let name = check.check("name", parse_name(&request.name));
    let scopes = check.check(
        "scopes",
        parse_scopes(request.scopes.iter().map(String::as_str)),
    );
    let lifetime = check.check(
        "lifetime",
        Lifetime::parse(&request.lifetime)
            .ok_or(Key::ErrChooseOption)
            .and_then(|l| {
                if maker.is_admin() || l.allowed_for(Role::Member) {
                    Ok(l)
                } else {
                    Err(Key::ErrTokenLifetimeNotAllowed)
                }
            }),
    );
    let (name, scopes, lifetime) =
        check.finish(name.zip(scopes).zip(lifetime).map(|((n, s), l)| (n, s, l)))?;
    // A token for every partner is the installation's: its admins' alone.
    if request.partner.is_none() && !maker.is_admin() {
        return Err(AppError::Forbidden);
    }
    let secret = format!("{SECRET_PREFIX}{}", new_session_token());
    let expires_at = lifetime.days().map(|d| now + Duration::days(d));
    let scopes = stored_scopes(&scopes);
    let mut tx = db.begin().await?;
    let id = api_tokens::create(
        &mut tx,
        &NewToken {
            partner_id: request.partner,
            name: &name,
            scopes: &scopes,
            token_hash: &token_hash(&secret),
            prefix: &secret[..SHOWN_PREFIX_CHARS],
            created_by: maker.id(),
            expires_at,
        },
        now,
    )
    .await?;
    let mut fields = Fields::new().with(Field::Scopes, &scopes).with(
        Field::Expires,
        expires_at.map_or("never".to_string(), |at| at.date_naive().to_string()),
    );
    if let Some(partner) = request.partner {
        fields = fields.with(Field::Partner, partner);
    }
    write_audit(&mut tx, maker, Kind::TokenCreate, id, &name, &fields, now).await?;
    tx.commit().await?;
    Ok(MadeToken { id, secret })
}

pub async fn list(db: &Db, listed: Listed) -> Result<Vec<TokenRow>, AppError> {
    Ok(api_tokens::list(db, listed).await?)
}

/// Revokes token `id`, which must be of `partner` when one is named (a
/// partner's page reaches its own tokens only); "not found" otherwise, or
/// when it was revoked already.
pub async fn revoke(
    db: &Db,
    maker: Maker<'_>,
    id: TokenId,
    partner: Option<PartnerId>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let token = api_tokens::get(db, id).await?.ok_or(AppError::NotFound)?;
    if partner.is_some_and(|p| token.partner_id != Some(p)) {
        return Err(AppError::NotFound);
    }
    let mut tx = db.begin().await?;
    if !api_tokens::revoke(&mut tx, id, maker.id(), now).await? {
        return Err(AppError::NotFound);
    }
    write_audit(
        &mut tx,
        maker,
        Kind::TokenRevoke,
        id,
        &token.name,
        &Fields::new().with(Field::State, "revoked"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A use from an address the token was never used from: in the audit log,
/// as its creator's doing.
pub async fn note_new_address(
    db: &Db,
    token: &TokenRow,
    creator_email: Option<&str>,
    addr: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let entry = Entry {
        actor_user_id: token.created_by,
        actor: creator_email.unwrap_or(COMMAND_LINE),
        kind: Kind::TokenNewAddress.as_str(),
        target: &Target::Token {
            id: token.id.0,
            name: token.name.clone(),
        }
        .to_stored(),
        old_value: "",
        new_value: &Fields::new().with(Field::Address, addr).to_stored(),
    };
    audit::write(db, &entry, now).await
}

async fn write_audit(
    tx: &mut Tx,
    maker: Maker<'_>,
    kind: Kind,
    id: TokenId,
    name: &str,
    fields: &Fields,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let actor = maker.label();
    let target = Target::Token {
        id: id.0,
        name: name.to_string(),
    }
    .to_stored();
    let new_value = fields.to_stored();
    let entry = Entry {
        actor_user_id: maker.id(),
        actor: &actor,
        kind: kind.as_str(),
        target: &target,
        old_value: "",
        new_value: &new_value,
    };
    audit::write(tx, &entry, now).await
}

/// The tokens page of a partner (`Some`), or the admin area's (`None`), for
/// an access already granted that partner or the installation.
pub async fn view(
    access: &crate::server::authz::Access,
    partner: Option<PartnerId>,
) -> Result<crate::views::ApiTokensView, AppError> {
    use crate::server::clock::local_time;
    let db = &access.state.db;
    let (partner_view, listed) = match partner {
        Some(_) => {
            let (scope, row, _) = access.partner().await?;
            (
                Some(crate::server::web::views::partner_view(&row)),
                Listed::Partner(scope.partner_id()),
            )
        }
        None => (None, Listed::All),
    };
    let now = Utc::now();
    let tokens = list(db, listed)
        .await?
        .into_iter()
        .map(|t| crate::views::ApiTokenView {
            id: t.id,
            name: t.name,
            partner: match t.partner_id {
                Some(id) => Some(t.partner_name.unwrap_or_else(|| id.to_string())),
                None => None,
            },
            scopes: crate::model::api_token::read_stored_scopes(&t.scopes),
            prefix: t.prefix,
            creator: t.creator,
            created_at: local_time(access, t.created_at),
            last_used: t
                .last_used_at
                .map(|at| (local_time(access, at), t.last_used_addr.unwrap_or_default())),
            expires: t.expires_at.map(|at| local_time(access, at)),
            expired: t.expires_at.is_some_and(|at| at <= now),
        })
        .collect();
    Ok(crate::views::ApiTokensView {
        partner: partner_view,
        tokens,
        may_make_unending: access
            .user
            .as_ref()
            .is_some_and(|s| s.user.role == Role::Admin),
    })
}
