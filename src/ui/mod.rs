//! Pages and components. Every page renders on the server, complete, and its
//! forms work without JavaScript (`forms`); only the islands (`islands`)
//! hydrate in the browser.

pub mod forms;
pub mod i18n;
pub mod islands;
pub mod layout;
pub mod pages;
pub mod session;
pub mod table;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    session::provide_session();
    i18n::provide_i18n();
    // Pages render whole before they are sent, so they are complete without JavaScript.
    view! {
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <ParentRoute path=path!("") view=layout::Layout ssr=SsrMode::Async>
                    <Route path=path!("") view=pages::home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("login") view=pages::login::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("settings") view=pages::settings::SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("portfolio") view=pages::portfolio::PortfolioPage ssr=SsrMode::Async />
                    <Route path=path!("admin/default-tasks") view=pages::default_tasks::DefaultTasksPage ssr=SsrMode::Async />
                    <Route path=path!("admin") view=pages::admin::AdminPage ssr=SsrMode::Async />
                    <Route path=path!("admin/partners") view=pages::admin::partners::AdminPartnersPage ssr=SsrMode::Async />
                    <Route path=path!("admin/partners/:partner") view=pages::admin::partners::AdminPartnerPage ssr=SsrMode::Async />
                    <Route path=path!("admin/users") view=pages::admin::users::AdminUsersPage ssr=SsrMode::Async />
                    <Route path=path!("admin/users/:user") view=pages::admin::users::AdminUserPage ssr=SsrMode::Async />
                    <Route path=path!("admin/assignments") view=pages::admin::assignments::AdminAssignmentsPage ssr=SsrMode::Async />
                    <Route path=path!("admin/audit") view=pages::admin::audit::AdminAuditPage ssr=SsrMode::Async />
                    <Route path=path!("choose-password") view=pages::choose_password::ChoosePasswordPage ssr=SsrMode::Async />
                    <Route path=path!("notifications") view=pages::notifications::NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("unsubscribe/:token") view=pages::unsubscribe::UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("admin/mail") view=pages::admin::mail::AdminMailPage ssr=SsrMode::Async />
                    <Route path=path!("admin/api-tokens") view=pages::api_tokens::AdminApiTokensPage ssr=SsrMode::Async />
                    <Route path=path!("api-docs") view=pages::api_docs::ApiDocsPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/deals") view=pages::deals::list::DealsPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/deals/new") view=pages::deals::form::DealFormPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/deals/import") view=pages::deals::import::ImportUploadPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/deals/stages") view=pages::deals::stages::StagesPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/deals/import/:import") view=pages::deals::import::ImportPreviewPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/deals/:deal") view=pages::deals::form::DealFormPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/goals") view=pages::goals::GoalsPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/goals/edit") view=pages::goals::wizard::GoalsWizardPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/progress") view=pages::progress::ProgressPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/tasks") view=pages::tasks::TasksPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/reviews") view=pages::reviews::ReviewsPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/api-tokens") view=pages::api_tokens::ApiTokensPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/reviews/:review") view=pages::reviews::ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/reviews/:review/print") view=pages::reviews::ReviewPrintPage ssr=SsrMode::Async />
                    <Route path=path!("p/:partner/:area") view=pages::area::AreaPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
