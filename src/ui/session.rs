//! The current session as the UI sees it: one resource per page load. Forms
//! that change the session (login, logout, language, preferences) are plain
//! form posts whose answer loads the next page afresh, so every part of it
//! starts from the new session at once.

use crate::api::session::current_session;
use crate::error::AppError;
use crate::views::SessionInfo;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionContext {
    pub info: Resource<Result<SessionInfo, AppError>>,
}

pub fn provide_session() {
    let info = Resource::new(|| (), |_| current_session());
    provide_context(SessionContext { info });
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
