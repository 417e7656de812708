//! The current session as the UI sees it: one resource, fetched again whenever
//! an action changes who is signed in or which language they speak.

use crate::api::error::AppError;
use crate::api::session::{current_session, SessionInfo};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[derive(Clone, Copy)]
pub struct SessionContext {
    pub info: Resource<Result<SessionInfo, AppError>>,
    epoch: RwSignal<u32>,
}

impl SessionContext {
    /// Fetch the session again (after login, logout, or a language change).
    pub fn refresh(&self) {
        self.epoch.update(|n| *n += 1);
    }
}

pub fn provide_session() {
    let epoch = RwSignal::new(0_u32);
    let info = Resource::new(move || epoch.get(), |_| current_session());
    provide_context(SessionContext { info, epoch });
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// Refreshes the session each time `action` succeeds.
pub fn refresh_on_success<S>(action: ServerAction<S>)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let session = use_session();
    let version = action.version();
    Effect::watch(
        move || version.get(),
        move |_, _, _| {
            if action.value().with_untracked(|v| matches!(v, Some(Ok(_)))) {
                session.refresh();
            }
        },
        false,
    );
}

/// Loads `target` afresh each time `action` succeeds: after login and logout
/// the whole page starts over with the new session.
pub fn reload_on_success<S>(action: ServerAction<S>, target: impl Fn() -> String + 'static)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let version = action.version();
    Effect::watch(
        move || version.get(),
        move |_, _, _| {
            if action.value().with_untracked(|v| matches!(v, Some(Ok(_)))) {
                let _ = window().location().set_href(&target());
            }
        },
        false,
    );
}
