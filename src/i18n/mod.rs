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
    AreaTasks => "Go to market · Tasks", "進入市場・任務";
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

    // Notifications
    Notifications => "Notifications", "通知";
    NotificationsBell => "Notifications, {count} unread", "通知，{count} 則未讀";
    NotificationsUnreadCount => "{count} unread", "{count} 則未讀";
    NotificationUnread => "Unread", "未讀";
    NotificationDue => "Due {time}", "到期：{time}";
    NotificationReminded => "Reminder sent {time}", "提醒時間：{time}";
    NotificationReviewDue => "The quarterly review of {quarter} has not been started", "{quarter}的季度檢討尚未開始";
    NotificationSent => "Sent {time}", "通知時間：{time}";
    NotificationMarkRead => "Mark as read", "標示為已讀";
    NotificationMarkReadNamed => "Mark as read: {title}", "標示為已讀：{title}";
    NotificationsMarkAllRead => "Mark all as read", "全部標示為已讀";
    NotificationMarkedRead => "Marked as read.", "已標示為已讀。";
    NotificationsAllMarkedRead => "All notifications are marked as read.", "所有通知皆已標示為已讀。";
    NotificationsEmpty => "No notifications yet. When a reminder of one of your tasks falls due, or a quarter ends before its review is started, it appears here.", "目前沒有通知。您的任務提醒時間一到，或某一季結束時尚未開始季度檢討，就會顯示在這裡。";
    NotificationsMore => "Only the newest {count} notifications are listed.", "僅列出最新的 {count} 則通知。";

    // Mail: kinds and states (settings, /admin/mail)
    MailKindTaskReminder => "Task reminders", "任務提醒";
    MailKindTaskAssigned => "Tasks assigned to me", "指派給我的任務";
    MailKindReviewDue => "Quarterly reviews not started", "尚未開始的季度檢討";
    MailKindDigest => "Weekly digest", "每週摘要";
    MailKindOffTrack => "Goals falling behind", "目標進度落後";
    MailStateQueued => "Queued", "排隊中";
    MailStateSending => "Sending", "傳送中";
    MailStateSent => "Sent", "已寄出";
    MailStateFailed => "Failed", "失敗";
    MailStateSkipped => "Not sent", "未寄出";
    MailSkipDeactivated => "The recipient's account is deactivated.", "收件人的帳號已停用。";
    MailSkipTurnedOff => "The recipient turned this kind of email off.", "收件人已關閉此類郵件。";
    MailSkipNoAccess => "The recipient may no longer open this partner.", "收件人已無法開啟此合作夥伴。";
    MailSkipTaskDeleted => "The task was deleted.", "任務已刪除。";
    MailSkipTaskDone => "The task was completed first.", "任務已先完成。";
    MailSkipReassigned => "The task was given to someone else since.", "任務之後已改指派給其他人。";
    MailSkipReviewStarted => "The review was started meanwhile.", "季度檢討已在此期間開始。";
    MailSkipNothingToTell => "Nothing to tell this week.", "本週沒有需要告知的內容。";
    MailSkipBackOnTrack => "The goal is no longer behind.", "目標已不再落後。";
    MailSkipMalformed => "The message names nothing it could be about.", "此郵件未指明相關內容。";
    // Mail: the messages themselves
    MailGreeting => "Hello {name},", "{name} 您好：";
    MailReminderSubject => "Reminder: {task} ({partner})", "提醒：{task}（{partner}）";
    MailReminderIntro => "A task of {partner} has reached its reminder time.", "{partner} 的一項任務已到提醒時間。";
    MailAssignedSubject => "{actor} assigned you a task: {task} ({partner})", "{actor} 指派了一項任務給您：{task}（{partner}）";
    MailAssignedIntro => "{actor} assigned you a task of {partner}.", "{actor} 將 {partner} 的一項任務指派給您。";
    MailSomeone => "Someone", "有人";
    MailTaskDue => "Due: {time}", "到期：{time}";
    MailTaskNoDue => "No due date", "無到期日";
    MailOpenTask => "Open the task", "開啟任務";
    MailReviewDueSubject => "{partner}: the quarterly review of {quarter} has not been started", "{partner}：{quarter}的季度檢討尚未開始";
    MailReviewDueIntro => "{quarter} has ended for {partner}, and its quarterly review has not been started. The review looks back at the goals, the deals and the tasks of the quarter, and agrees what comes next.", "{partner} 的{quarter}已結束，但季度檢討尚未開始。季度檢討會回顧本季的目標、商機與任務，並議定下一步。";
    MailOpenReviews => "Start the review", "開始季度檢討";
    MailWhy => "You receive this because you work on the Mutual Action Plan of {partner} in partner-map.", "您收到這封信，是因為您在 partner-map 參與 {partner} 的共同行動計劃。";
    MailWhyDigest => "You receive this weekly digest from partner-map.", "這是 partner-map 寄給您的每週摘要。";
    MailUnsubscribeLine => "Stop these emails ({kind}): {link}", "不再接收此類郵件（{kind}）：{link}";
    MailUnsubscribeLink => "Stop emails of this kind", "不再接收此類郵件";
    MailChoicesLine => "Choose which emails you receive: {link}", "選擇要接收哪些郵件：{link}";
    MailDigestSubject => "Your week in partner-map: week of {date}", "您在 partner-map 的一週：{date} 當週";
    MailDigestGoal => "{goal}: {actual} of {target} ({percent} %), {status}", "{goal}：{actual} / {target}（達成 {percent}%），{status}";
    MailDigestLastWeek => "Last week: {won} deals won ({mrr} MRR), {revised} target changes, {completed} tasks completed.", "上週：贏得 {won} 筆商機（MRR {mrr}），目標修訂 {revised} 次，完成 {completed} 項任務。";
    MailDigestOverdue => "Your overdue tasks", "您逾期的任務";
    MailDigestDueThisWeek => "Your tasks due this week", "您本週到期的任務";
    MailDigestMoreTasks => "…and {count} more.", "……還有 {count} 項。";
    MailOpenProgress => "Open the progress page", "開啟進度頁面";
    MailOffTrackSubject => "{partner}: {goal} is now {status}", "{partner}：{goal}目前{status}";
    MailOffTrackIntro => "{goal} at {partner} has fallen from on track to {status}.", "{partner} 的{goal}已由「符合進度」轉為「{status}」。";
    MailOffTrackFigures => "So far this year: {actual} against {due} due by now. At this pace the year ends at {projected} of its {target} target ({percent} %).", "今年至今：實際 {actual}，至今應達 {due}。依目前進度，全年預估為 {projected}，全年目標 {target}（{percent}%）。";
    MailOffTrackNeeded => "To reach the target, each remaining month needs {needed}.", "若要達成目標，剩餘每個月需達 {needed}。";
    MailTestSubject => "partner-map: test message", "partner-map：測試郵件";
    MailTestBody => "This message was sent by `partner-map mail test` to check the mail settings. If you can read it, mail works.", "這封郵件由 `partner-map mail test` 寄出，用來檢查郵件設定。若您看得到這封信，表示郵件功能正常。";
    // Mail: settings
    MailSettings => "Email", "電子郵件";
    MailSettingsIntro => "Choose which emails partner-map sends you. Each email also has a link to stop that kind.", "選擇 partner-map 要寄給您哪些郵件。每封郵件也附有停止接收該類郵件的連結。";
    MailKindReminderHint => "At the reminder time of a task assigned to you (or that you created).", "在指派給您（或您建立）的任務到達提醒時間時寄出。";
    MailKindAssignedHint => "When someone else assigns a task to you.", "當有人將任務指派給您時寄出。";
    MailKindReviewHint => "When a quarter ends and its review has not been started.", "當某一季結束而季度檢討尚未開始時寄出。";
    MailKindDigestHint => "Each goal's attainment and pacing, last week's changes, and your tasks due this week, at 08:00 on the day you choose.", "每個目標的達成率與進度預估、上週的變動，以及您本週到期的任務，於您選擇的日子 08:00 寄出。";
    MailKindOffTrackHint => "When a goal's pacing turns from on track to behind (once per goal and month).", "當目標的進度預估由「符合進度」轉為「落後」時寄出（每個目標每月一次）。";
    DigestDay => "Digest day", "摘要寄送日";
    SaveMailChoices => "Save email choices", "儲存郵件選項";
    Weekday1 => "Monday", "星期一";
    Weekday2 => "Tuesday", "星期二";
    Weekday3 => "Wednesday", "星期三";
    Weekday4 => "Thursday", "星期四";
    Weekday5 => "Friday", "星期五";
    Weekday6 => "Saturday", "星期六";
    Weekday7 => "Sunday", "星期日";
    ErrWeekdayInvalid => "Choose a day of the week.", "請選擇星期幾。";
    // Mail: one-click unsubscribe
    UnsubscribeTitle => "Stop emails", "停止接收郵件";
    UnsubscribeAsk => "Stop sending {kind} to {email}?", "要停止寄送「{kind}」給 {email} 嗎？";
    UnsubscribeButton => "Stop these emails", "停止接收這類郵件";
    UnsubscribeDone => "Done: {email} no longer receives {kind}. You can turn it on again in your settings.", "完成：{email} 將不再收到「{kind}」。您可以在設定中重新開啟。";
    UnsubscribeUnknown => "This link is not valid, or is too old. Sign in and choose your emails in Settings.", "此連結無效或已過期。請登入後在「設定」中選擇要接收的郵件。";
    // Mail: /admin/mail
    AdminMail => "Mail", "郵件";
    AdminMailAbout => "Every email partner-map queued and sent, and why one was not.", "partner-map 排入佇列及寄出的每封郵件，以及未寄出的原因。";
    AdminMailCount => "{waiting} waiting to be sent, {failed} failed", "{waiting} 封待寄出，{failed} 封失敗";
    AdminMailIntro => "Messages partner-map queued and sent, newest first. Without SMTP_URL, messages are written as files to {dir} instead of sent.", "partner-map 排入佇列及已寄出的郵件，最新的在前。未設定 SMTP_URL 時，郵件會寫入 {dir} 成為檔案，而不寄出。";
    AdminMailSmtp => "Messages partner-map queued and sent, newest first, through {server}.", "partner-map 排入佇列及已寄出的郵件，最新的在前，經由 {server} 寄送。";
    MailColRecipient => "Recipient", "收件人";
    MailColSubject => "Subject", "主旨";
    MailColKind => "Kind", "類型";
    MailColWhen => "When", "時間";
    MailColState => "State", "狀態";
    MailAttempts => "{count} tries", "已嘗試 {count} 次";
    MailNextTry => "next try {time}", "下次嘗試：{time}";
    MailNoneYet => "No mail yet.", "尚無郵件。";
    MailFilterState => "Show", "顯示";
    MailFilterAll => "All", "全部";
    OlderMail => "Older messages", "較舊的郵件";
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

    // Calendar feed
    CalendarFeed => "Calendar feed", "行事曆訂閱";
    CalendarFeedAbout => "Subscribe to the tasks you can see in Google Calendar, Outlook or Apple Calendar through a private URL. Anyone who has the URL can read those tasks, so keep it to yourself.", "使用私人網址，即可在 Google 日曆、Outlook 或 Apple 行事曆中訂閱您可檢視的任務。任何取得此網址的人都能讀取這些任務，請妥善保管。";
    CalendarFeedNone => "No calendar URL is active.", "目前沒有啟用中的行事曆網址。";
    CalendarFeedActiveSince => "A calendar URL is active since {date}.", "行事曆網址自 {date} 起啟用中。";
    CalendarFeedCreate => "Create a calendar URL", "建立行事曆網址";
    CalendarFeedReplace => "Replace the calendar URL", "更換行事曆網址";
    CalendarFeedReplaceHint => "A new URL makes the current one stop working.", "建立新網址後，目前的網址將會失效。";
    CalendarFeedRevoke => "Stop sharing", "停止分享";
    CalendarFeedUrl => "Your calendar URL", "您的行事曆網址";
    CalendarFeedShownOnce => "Copy it now and add it to your calendar app as a subscription: it is shown only this once. If you lose it, replace it with a new one.", "請立即複製，並在行事曆應用程式中以訂閱方式加入：此網址只會顯示這一次。若遺失了，請更換新的網址。";
    CalendarFeedCreated => "Your calendar URL is ready.", "您的行事曆網址已建立。";
    CalendarFeedRevoked => "Sharing stopped: the calendar URL no longer works.", "已停止分享：行事曆網址已失效。";
    CalendarFeedName => "partner-map tasks", "partner-map 任務";

    // Partners
    Partner => "Partner", "合作夥伴";
    SwitchPartner => "Switch partner", "切換合作夥伴";
    YourPartners => "Your partners", "您的合作夥伴";
    AllPartners => "All {count} partners (portfolio)", "全部 {count} 個合作夥伴（合作夥伴組合）";
    FirstPartnersShown => "The first {shown} of your {count} partners, by name. The portfolio lists them all, with their progress.", "依名稱列出您 {count} 個合作夥伴中的前 {shown} 個。合作夥伴組合會列出全部，並附上進度。";
    NoPartners => "No partner is assigned to you yet. Ask your administrator.", "尚未指派任何合作夥伴給您，請聯絡管理員。";
    Currency => "Currency", "幣別";
    LabelColon => ": ", "：";
    Welcome => "Welcome, {name}", "歡迎，{name}";

    // Goals
    GoalOrganizational => "Organizational goal", "組織目標";
    GoalRevenue => "Revenue goal", "營收目標";
    GoalPeople => "People goal", "人員目標";
    GoalMarket => "Market goal", "市場目標";
    GoalPartnership => "Partnership goal", "合作夥伴關係目標";
    ErrGoalTooLong => "A goal can have at most 1,000 characters.", "每項目標最多 1,000 個字元。";
    GoalsHeading => "Set your partner goals", "設定您的合作夥伴目標";
    GoalsTitle => "Goals of {partner}, {year}", "{partner} 的目標（{year} 年）";
    GoalsHeadingSet => "Partner goals", "合作夥伴目標";
    GoalsWizardTitle => "{action}: {partner}, {year}", "{action}：{partner}（{year} 年）";
    CancelLosesEdits => "(leaves without saving what you typed)", "（離開且不儲存您輸入的內容）";
    LeaveUnsavedQuestion => "Leave without saving? What you typed in both steps will be lost.", "確定不儲存就離開嗎？您在兩個步驟中輸入的內容將會遺失。";
    SetAnnualGoals => "Set annual goals", "設定年度目標";
    EditGoals => "Edit goals", "編輯目標";
    CompanyGoals => "Company goals", "公司目標";
    NoPlanYet => "There is no plan for {year} yet.", "{year} 年尚未設定計劃。";
    GoalNotSet => "Not set", "未設定";
    GoalExampleOrganizational => "e.g. Sell the business within 12 months", "例如：在 12 個月內出售公司";
    GoalExampleRevenue => "e.g. Grow revenue 20% in the next 12 months", "例如：未來 12 個月營收成長 20%";
    GoalExamplePeople => "e.g. Hire a new sales rep in the next 6 months", "例如：在未來 6 個月內招募一名新業務代表";
    GoalExampleMarket => "e.g. Expand into a vertical/market", "例如：拓展至新的垂直產業或市場";
    GoalExamplePartnership => "e.g. Reach Platinum tier within 3 months", "例如：在 3 個月內達到白金級";
    MonthlyTargets => "Monthly targets", "每月目標值";
    PreviousYearPerformance => "Previous year's performance", "前一年的表現";
    TargetLabel => "Target", "目標值";
    MonthLabel => "Month", "月份";
    QuarterLabel => "Q{quarter}", "第 {quarter} 季";
    FullYear => "Full year", "全年";
    MonthShort1 => "Jan", "1月";
    MonthShort2 => "Feb", "2月";
    MonthShort3 => "Mar", "3月";
    MonthShort4 => "Apr", "4月";
    MonthShort5 => "May", "5月";
    MonthShort6 => "Jun", "6月";
    MonthShort7 => "Jul", "7月";
    MonthShort8 => "Aug", "8月";
    MonthShort9 => "Sep", "9月";
    MonthShort10 => "Oct", "10月";
    MonthShort11 => "Nov", "11月";
    MonthShort12 => "Dec", "12月";
    ChartPerPeriod => "{metric}, each period of {year}", "{metric}：{year} 年各期";
    ChartSoFar => "{metric}, {year} so far (cumulative)", "{metric}：{year} 年累計";
    LegendActualSoFar => "Actual, cumulative", "累計實際表現";
    LegendTargetSoFar => "Target, cumulative", "累計目標值";
    AxisDeals => "Deals", "交易數";
    Month1 => "January", "1月";
    Month2 => "February", "2月";
    Month3 => "March", "3月";
    Month4 => "April", "4月";
    Month5 => "May", "5月";
    Month6 => "June", "6月";
    Month7 => "July", "7月";
    Month8 => "August", "8月";
    Month9 => "September", "9月";
    Month10 => "October", "10月";
    Month11 => "November", "11月";
    Month12 => "December", "12月";
    CellLabel => "{metric}, {month}", "{metric}，{month}";
    StepOf => "Step {step} of 2", "第 {step} 步，共 2 步";
    NextStep => "Next", "下一步";
    BackStep => "Back", "上一步";
    SaveAndExit => "Save and exit", "儲存並退出";
    ApplyGrowth => "Apply growth percentage", "套用成長百分比";
    ChooseGrowth => "Choose a percentage", "選擇百分比";
    PreviewGrowth => "Preview", "預覽";
    ApplyToTargets => "Apply to the targets", "套用至目標值";
    GrowthPreviewHeading => "Preview: {percent}% growth on last year", "預覽：以去年為基準成長 {percent}%";
    GrowthLowersTargets => "{metric}: targets go from {from} to {to} ({change}), because last year's {previous} grown by {percent}% is below today's targets.", "{metric}：目標由 {from} 變為 {to}（{change}），因為去年的 {previous} 成長 {percent}% 後仍低於目前的目標。";
    GrowthRaisesTargets => "{metric}: targets go from {from} to {to} ({change}): last year's {previous} grown by {percent}%.", "{metric}：目標由 {from} 變為 {to}（{change}）：去年的 {previous} 成長 {percent}%。";
    GrowthKeepsTargets => "{metric}: targets stay at {to}: last year's {previous} grown by {percent}%.", "{metric}：目標維持 {to}：去年的 {previous} 成長 {percent}%。";
    MonthByMonth => "Month by month", "逐月明細";
    GrowthPreviewHint => "Nothing changes until you apply it. Every cell can still be edited afterwards.", "套用前不會變更任何內容；套用後仍可逐格修改。";
    LastYearTotal => "Last year", "去年";
    TableRegion => "{name}, table", "{name}（表格）";
    GrowthPreviewTotals => "Year totals: last year, today's targets, the new targets", "全年合計：去年、目前目標、新目標";
    CurrentTargets => "Current targets", "目前目標值";
    NewTargets => "New targets", "新目標值";
    NoPreviousData => "There are no deals for {year}, so there is nothing to grow from: type the targets yourself.", "{year} 年沒有交易資料，無從據以成長，請自行輸入目標值。";
    ChangeReason => "Reason for the change (optional)", "變更原因（選填）";
    ChangeReasonHint => "Shown in the history beside every change you save now.", "會與這次儲存的每項變更一起顯示在變更紀錄中。";
    History => "History", "變更紀錄";
    HistoryEmpty => "No changes since the plan was first saved.", "計劃首次儲存後尚無變更。";
    HistoryWho => "Who", "變更者";
    HistoryWhen => "When", "時間";
    HistoryWhat => "What", "項目";
    HistoryOld => "Before", "變更前";
    HistoryNew => "After", "變更後";
    HistoryReason => "Reason", "原因";
    HistoryChanges => "{count} changes", "{count} 項變更";
    HistoryOneChange => "1 change", "1 項變更";
    HistorySaveCaption => "Changes saved by {name}, {when}", "{name} 於 {when} 儲存的變更";
    HistoryPages => "History pages", "變更紀錄分頁";
    HistoryNewer => "Newer changes", "較新的變更";
    HistoryOlder => "Older changes", "較舊的變更";
    ExportTargets => "Export targets (CSV)", "匯出目標值（CSV）";
    ShowYear => "Show", "顯示";
    GoalsStale => "Someone else saved this plan after you opened it, so nothing was saved. What you typed is still here; their changes are listed below. Save again to keep your values.", "在您開啟後，已有其他人儲存了此計劃，因此尚未儲存。您輸入的內容仍保留在此；對方的變更列於下方。再次儲存即可保留您的數值。";
    TheirChanges => "Their changes", "對方的變更";
    ErrTargetNotCount => "Enter a whole number of deals.", "請輸入整數的交易數。";
    ErrTargetNotAmount => "Enter an amount, such as 1046.50.", "請輸入金額，例如 1046.50。";
    ErrTargetNegative => "A target cannot be negative.", "目標值不可為負數。";
    ErrTargetTooLarge => "This target is too large.", "目標值過大。";
    ErrGrowthChoice => "Choose 5, 10, 15, 20, 25 or 30%.", "請選擇 5、10、15、20、25 或 30%。";
    ErrPlanYear => "Choose a year between 2000 and 2100.", "請選擇 2000 至 2100 年之間的年份。";
    ErrReasonTooLong => "A reason can have at most 500 characters.", "原因最多 500 個字元。";

    // Progress
    ReviewProgress => "Review progress", "檢閱進度";
    ProgressTitle => "Progress of {partner}, {year}", "{partner} 的進度（{year} 年）";
    ViewMonthly => "Monthly", "每月";
    ViewQuarterly => "Quarterly", "季度";
    PeriodLabel => "Period", "期間";
    CurrentPerformance => "Current performance", "目前績效";
    PercentAchieved => "Percent of target achieved", "目標達成率";
    NoPercent => "—", "—";
    DataSummary => "Data summary", "資料摘要";
    AverageSellingPrice => "Average selling price", "平均銷售價格";
    DealsInFlight => "Deals in flight", "進行中的交易";
    DealsInFlightValue => "{count} deals, {mrr}", "{count} 筆交易，{mrr}";
    PeriodInProgress => "{period} (in progress)", "{period}（進行中）";
    InFlightTodayOnly => "Today's only: no figure for a past day", "僅有今日數字，無過去日期的資料";
    WinRate => "Win rate", "成交率";
    LargestDealWon => "Largest deal won", "最大成交交易";
    SamePeriodLastYear => "Same period last year", "去年同期";
    SummaryPeriod => "Period of the data summary", "資料摘要的期間";
    QuarterOfYear => "Q{quarter} {year}", "{year} 年第 {quarter} 季";
    Pacing => "Pacing", "進度預估";
    YearToDateActual => "Year to date", "年初至今";
    YearToDateTarget => "Target to date", "至今目標值";
    PaceStatusLabel => "Status", "狀態";
    ProjectedYearEnd => "Projected year end", "預估全年";
    PacingRule => "How pacing is read: the pace so far against the plan's months (actual to date ÷ target to date) is carried to the year's target to give the projected year end. The status is where that projection lands: Ahead at 100 % of the target or more, On track from 90 %, Behind from 75 %, At risk below; Achieved once the year's target is met.", "進度判讀方式：以截至目前實際值 ÷ 截至目前目標值（依計畫各月）的進度，乘以全年目標，得出預估全年數字。狀態依預估全年數字相對全年目標而定：達 100% 以上為「超前」，90% 以上為「符合進度」，75% 以上為「落後」，未達 75% 為「有風險」；達成全年目標即為「已達成」。";
    NeededPerMonth => "Needed per remaining month", "剩餘每月所需";
    FinalAttainment => "Final attainment", "最終達成";
    PaceAchieved => "Achieved", "已達成";
    PaceAhead => "Ahead", "超前";
    PaceOnTrack => "On track", "符合進度";
    PaceBehind => "Behind", "落後";
    PaceAtRisk => "At risk", "有風險";
    Portfolio => "Portfolio", "合作夥伴組合";
    PortfolioAbout => "Every partner you look after: each goal's attainment this year and how it is pacing.", "您負責的所有合作夥伴：各目標今年的達成率與進度狀態。";
    AllStatuses => "All statuses", "所有狀態";
    StatusFilter => "Status", "狀態";
    PortfolioEmpty => "No partner matches this filter.", "沒有符合此篩選條件的合作夥伴。";
    PortfolioCount => "{shown} of {total} partners", "顯示 {shown} 個，共 {total} 個合作夥伴";
    ExportProgress => "Export progress (CSV)", "匯出進度（CSV）";
    NoTargetsYet => "No targets are set for {year}: the percentages show once the goals are set.", "{year} 年尚未設定目標值：設定目標後即會顯示達成率。";

    // Deals
    KindSourced => "Sourced", "委託";
    KindAssisted => "Assisted", "協助";
    StageOpen => "Open", "進行中";
    StageClosedWon => "Closed won", "已成交";
    StageClosedLost => "Closed lost", "已失去";
    MetricSourcedDealsCreated => "Sourced deals created", "建立的委託交易";
    MetricSourcedDealsClosedWon => "Sourced deals closed won", "已成交的委託交易";
    MetricSourcedDealMrr => "Sourced deal MRR", "委託交易 MRR";
    MetricAssistedDealMrr => "Assisted deal MRR", "協助交易 MRR";
    DealsOf => "Deals of {partner}", "{partner} 的交易";
    AddDeal => "Add deal", "新增交易";
    EditDeal => "Edit deal", "編輯交易";
    DeleteDeal => "Delete deal", "刪除交易";
    ConfirmDeleteDeal => "Yes, delete this deal. This cannot be undone.", "是，刪除此交易。此動作無法復原。";
    ErrConfirmDelete => "Tick the box to confirm the deletion.", "請勾選方塊以確認刪除。";
    DealAdded => "Deal added.", "已新增交易。";
    DealSaved => "Deal saved.", "已儲存交易。";
    DealDeleted => "Deal deleted.", "已刪除交易。";
    Cancel => "Cancel", "取消";
    BackToDeals => "Back to deals", "返回交易清單";
    ColRecordId => "Record ID", "記錄 ID";
    ColDealName => "Deal name", "交易名稱";
    ColKind => "Kind", "類型";
    ColStage => "Stage", "階段";
    ColCreateDate => "Create date", "建立日期";
    ColCloseDate => "Close date", "結案日期";
    ColMrr => "MRR", "MRR";
    MrrInCurrency => "MRR ({currency})", "每月經常性收入（{currency}）";
    ColOwner => "Deal owner", "交易負責人";
    ColCompany => "Company", "公司";
    ColNotes => "Notes", "備註";
    RecordIdHint => "HubSpot's Record ID. Leave empty for a deal that is not in HubSpot.", "HubSpot 的記錄 ID。若此交易不在 HubSpot 中，請留空。";
    CloseDateHint => "Required once the deal is closed.", "交易結案後必填。";
    Filters => "Filters", "篩選條件";
    FilterYear => "Year", "年度";
    AllYears => "All years", "所有年度";
    AllKinds => "All kinds", "所有類型";
    AllStages => "All stages", "所有階段";
    SearchDeals => "Search", "搜尋";
    SearchDealsHint => "Name, company, owner or Record ID", "名稱、公司、負責人或記錄 ID";
    ApplyFilters => "Apply", "套用";
    ClearFilters => "Clear filters", "清除篩選";
    SortBy => "Sort by", "排序方式";
    SortAscending => "ascending", "遞增";
    SortDescending => "descending", "遞減";
    ShowingDeals => "Showing {from}–{to} of {total} deals", "顯示第 {from}–{to} 筆，共 {total} 筆交易";
    NoDealsMatch => "No deals match these filters.", "沒有符合篩選條件的交易。";
    NoDealsYet => "No deals yet. Add one, or import a HubSpot deals export.", "尚無交易。請新增交易，或匯入 HubSpot 交易匯出檔。";
    Pages => "Pages", "分頁";
    PreviousPage => "Previous", "上一頁";
    NextPage => "Next", "下一頁";
    PageOf => "Page {page} of {pages}", "第 {page} 頁，共 {pages} 頁";
    PagingLimit => "Only the first {count} deals can be paged through. Narrow the filters to find the others.", "僅能瀏覽前 {count} 筆交易，請縮小篩選範圍以尋找其他交易。";
    CreatedBy => "Created by {name}, {when}", "由 {name} 建立，{when}";
    ChangedBy => "Last changed by {name}, {when}", "最後由 {name} 變更，{when}";
    CommandLine => "the command line", "命令列";
    TheirVersion => "The version saved now", "目前已儲存的版本";
    TheirVersionHint => "Where it differs from what you entered:", "與您輸入內容不同之處：";
    ErrDealNameRequired => "Enter the deal's name.", "請輸入交易名稱。";
    ErrDealNameTooLong => "The name can have at most 200 characters.", "名稱最多 200 個字元。";
    ErrRecordIdTooLong => "The Record ID can have at most 64 characters.", "記錄 ID 最多 64 個字元。";
    ErrRecordIdTaken => "Another deal of this partner already has this Record ID.", "此合作夥伴已有其他交易使用這個記錄 ID。";
    ErrCloseDateRequired => "A closed deal needs a close date.", "已結案的交易需要結案日期。";
    ErrCloseBeforeCreate => "The close date cannot be before the create date.", "結案日期不能早於建立日期。";
    ErrDateInvalid => "Enter a date such as 2026-03-31.", "請輸入日期，例如 2026-03-31。";
    ErrDateOutOfRange => "Enter a date between the years 2000 and 2100.", "請輸入 2000 至 2100 年之間的日期。";
    ErrMoneyInvalid => "Enter an amount such as 1250.50.", "請輸入金額，例如 1250.50。";
    ErrMoneyNegative => "The amount cannot be negative.", "金額不能為負數。";
    ErrMoneyDecimals => "The amount has more decimals than the currency allows.", "金額的小數位數超過此幣別允許的位數。";
    ErrMoneyCurrency => "The amount is in another currency than the partner's.", "金額的幣別與合作夥伴的幣別不同。";
    ErrTextTooLong => "This text is too long.", "此文字過長。";
    ErrChooseOption => "Choose one of the options.", "請選擇其中一個選項。";
    ErrProbability => "Enter a whole percentage from 0 to 100.", "請輸入 0 到 100 之間的整數百分比。";
    ErrStageExists => "The partner already has this stage.", "此合作夥伴已有這個階段。";
    ErrStageNameRequired => "Enter the stage's name.", "請輸入階段名稱。";
    AuditStageCreate => "Pipeline stage added", "新增管道階段";
    AuditStageProbability => "Stage probability changed", "變更階段成交機率";
    AuditFieldStage => "Stage", "階段";
    AuditFieldProbability => "Probability", "成交機率";
    Forecast => "Forecast", "預測";
    ForecastCommit => "Commit", "承諾";
    ForecastWeighted => "Weighted", "加權";
    ForecastBestCase => "Best case", "最佳情況";
    ForecastStraightLine => "Straight-line pacing", "直線進度預估";
    ForecastRule => "How the forecast is read: what has closed won, plus the open deals by their expected close month. Commit counts deals at 90 % and above whole; weighted counts every open deal times its probability (its own, else its stage's); best case counts every open deal whole. A close date already past counts in the current month. Pipeline coverage is the open pipeline of the year against what is still needed to reach the target; sales teams look for 3×.", "預測判讀方式：已成交的數字，加上進行中交易依預計結案月份的數字。「承諾」只計入成交機率 90% 以上的交易（全額）；「加權」計入每筆進行中交易乘以其成交機率（交易自訂的，否則為其階段的）；「最佳情況」計入每筆進行中交易的全額。結案日期已過的交易計入本月。管道覆蓋率為本年度進行中的管道相對於達成目標尚需的數字；業務團隊通常以 3 倍為標準。";
    ForecastRange => "Forecast: weighted (commit–best case)", "預測：加權（承諾至最佳情況）";
    PipelineCoverage => "Pipeline coverage", "管道覆蓋率";
    CoverageTimes => "{times}×", "{times} 倍";
    CoverageMet => "Target met", "已達成目標";
    LegendForecastBand => "Forecast: commit to best case", "預測：承諾至最佳情況";
    LegendForecastWeighted => "Weighted forecast", "加權預測";
    TopDeals => "Deals that matter most this quarter", "本季最關鍵的交易";
    TopDealsNone => "No open deals are expected to close this quarter.", "本季沒有預計結案的進行中交易。";
    UndatedDeals => "Open deals without a close date", "沒有結案日期的進行中交易";
    UndatedDealsNote => "{count} open deals have no close date and are left out of the forecast until they get one.", "有 {count} 筆進行中交易沒有結案日期，在填入日期前不計入預測。";
    UndatedDealsMore => "and {count} more", "以及其他 {count} 筆";
    ColWeightedMrr => "Weighted MRR", "加權 MRR";
    ColProbability => "Probability", "成交機率";
    ColPipelineStage => "Pipeline stage", "管道階段";
    PipelineStage => "Pipeline stage", "管道階段";
    NoPipelineStage => "No stage", "無階段";
    Probability => "Probability (%)", "成交機率 (%)";
    ProbabilityHint => "Leave empty to use the stage's probability.", "留空則使用階段的成交機率。";
    ProbabilityOwn => "{percent}% (set on this deal)", "{percent}%（此交易自訂）";
    OverdueDeal => "Overdue", "已逾期";
    StageProbabilities => "Stage probabilities", "階段成交機率";
    StagesIntro => "Each open deal counts in the forecast at its stage's probability, unless the deal has one of its own. Stages are added when an import or a deal names them: HubSpot's default stages get HubSpot's probabilities, any other stage 10 % until someone sets it.", "每筆進行中交易依其階段的成交機率計入預測，除非交易有自訂的機率。匯入或交易用到新的階段時會自動加入：HubSpot 的預設階段採用 HubSpot 的機率，其他階段在有人設定前為 10%。";
    StagesNone => "No stages yet. They appear when an import or a deal names one, or add one below.", "尚無階段。匯入或交易用到階段時會出現在這裡，也可以在下方新增。";
    StageDeals => "Open deals", "進行中交易";
    StagesSaved => "Stage probabilities saved.", "已儲存階段成交機率。";
    AddStage => "Add a stage", "新增階段";
    StageName => "Stage name", "階段名稱";
    StageAdded => "Stage added.", "已新增階段。";
    ProbabilityOfNamed => "Probability of {stage} (%)", "{stage}的成交機率 (%)";
    ColForecastWeighted => "Weighted forecast, sourced deal MRR (of target)", "加權預測：委託交易的 MRR（占目標）";

    // Deals: import and export
    ImportDeals => "Import from CSV", "從 CSV 匯入";
    ExportDeals => "Export CSV", "匯出 CSV";
    ImportTitle => "Import deals from a HubSpot export", "從 HubSpot 匯出檔匯入交易";
    ImportIntro => "Upload the CSV file exported from HubSpot's deals view, up to 20 MB. You will see what the import would do before anything is saved.", "上傳從 HubSpot 交易檢視匯出的 CSV 檔案（最大 20 MB）。儲存任何資料前，您會先看到匯入的預覽。";
    ImportFile => "CSV file", "CSV 檔案";
    UploadAndPreview => "Upload and preview", "上傳並預覽";
    ImportMapping => "How to read the file", "檔案欄位對應";
    ImportMappingHint => "Detected from the file; change any choice and update the preview.", "已從檔案自動偵測；您可以變更任何選項並更新預覽。";
    MrrColumn => "MRR column", "MRR 欄位";
    KindSource => "Deal kind", "交易類型";
    KindAllSourced => "Every deal is sourced", "全部為委託交易";
    KindAllAssisted => "Every deal is assisted", "全部為協助交易";
    KindFromColumn => "A column says which", "由欄位指定";
    KindColumn => "Deal kind column", "交易類型欄位";
    NoColumn => "(none)", "（無）";
    WonValue => "Stage that means closed won", "代表已成交的階段";
    LostValue => "Stage that means closed lost", "代表已失去的階段";
    OtherStagesOpen => "Every other stage counts as open.", "其他階段皆視為進行中。";
    UpdatePreview => "Update preview", "更新預覽";
    ImportPreview => "Preview", "預覽";
    ImportFileName => "File: {name}, {rows} rows", "檔案：{name}，共 {rows} 列";
    WillCreate => "Created", "新增";
    WillUpdate => "Updated", "更新";
    WillKeep => "Unchanged", "未變更";
    WillReject => "Rejected", "拒絕";
    ImportCounts => "{created} created, {updated} updated, {unchanged} unchanged, {kept} kept as changed in the app, {rejected} rejected", "新增 {created} 筆、更新 {updated} 筆、未變更 {unchanged} 筆、保留系統內較新修改 {kept} 筆、拒絕 {rejected} 筆";
    ImportChangedMeanwhile => "The partner's deals kept changing while this file was being imported, so nothing was imported. Please try again.", "匯入此檔案期間，此合作夥伴的交易持續變更，因此未匯入任何資料。請再試一次。";
    WillKeepAppEdit => "Kept (changed in the app)", "保留（系統內已修改）";
    NewerInApp => "Changed in the app after this file", "此檔案之後在系統內修改過的交易";
    NewerInAppHint => "These deals were changed in the app after the file's copy of them (after its Last Modified Date, or after their last import). Importing the file's version would undo those changes. The app's version is kept unless you choose the file's.", "這些交易在檔案中的版本之後，又在系統內修改過（晚於檔案的最後修改日期，或晚於上次匯入）。採用檔案的版本會復原這些修改。除非您選擇採用檔案的版本，否則會保留系統內的版本。";
    NewerInAppChangedAt => "Changed in the app", "系統內修改時間";
    NewerInAppTakeFile => "Take the file's version", "採用檔案的版本";
    KeepAllAppVersions => "Import, keeping every app version", "匯入，全部保留系統內的版本";
    TakeAllFromFile => "Import, taking every deal from the file", "匯入，全部採用檔案的版本";
    NewerInAppTaken => "Taken from the file", "已採用檔案的版本";
    NewerInAppKept => "App version kept", "已保留系統內的版本";
    RejectedRows => "Rejected rows", "被拒絕的資料列";
    RejectedRowsHint => "These rows are skipped. Fix them in HubSpot or in the file and import again.", "這些資料列將被略過。請在 HubSpot 或檔案中修正後重新匯入。";
    LineNumber => "Line", "行號";
    Reason => "Reason", "原因";
    CommitImport => "Import these deals", "匯入這些交易";
    ImportCommitted => "Import complete: {counts}.", "匯入完成：{counts}。";
    ImportAlreadyDone => "This file has been imported. Upload a new file to import again.", "此檔案已匯入。若要再次匯入，請上傳新檔案。";
    ImportAnother => "Import another file", "匯入其他檔案";
    ErrFileMissing => "Choose a CSV file to upload.", "請選擇要上傳的 CSV 檔案。";
    ErrFileEmpty => "The file is empty.", "檔案是空的。";
    ErrFileNoRows => "The file has a header but no deals.", "檔案只有標題列，沒有任何交易。";
    ErrFileNotText => "This is not a CSV text file. In HubSpot, export the deals view as CSV.", "這不是 CSV 文字檔。請在 HubSpot 中將交易檢視匯出為 CSV。";
    ErrFileSpreadsheet => "This is an Excel workbook, not CSV. In HubSpot, choose CSV as the export format.", "這是 Excel 活頁簿，不是 CSV。請在 HubSpot 中選擇 CSV 作為匯出格式。";
    ErrFileTooLarge => "The file is larger than 20 MB.", "檔案超過 20 MB。";
    ErrFileUnreadable => "The file could not be read as CSV near line {line}.", "第 {line} 行附近的內容無法以 CSV 格式讀取。";
    ErrFileMissingColumns => "The file lacks required columns: {columns}.", "檔案缺少必要欄位：{columns}。";
    ErrImportGone => "This upload has expired or was already imported. Upload the file again.", "此上傳已過期或已匯入，請重新上傳檔案。";
    RowRecordIdMissing => "the Record ID is missing", "缺少記錄 ID";
    RowRecordIdTooLong => "the Record ID \"{value}\" is longer than 64 characters", "記錄 ID「{value}」超過 64 個字元";
    RowRecordIdRepeated => "the Record ID {value} appears again in the file", "記錄 ID {value} 在檔案中重複出現";
    RowNameMissing => "the deal name is missing", "缺少交易名稱";
    RowNameTooLong => "the deal name is longer than 200 characters", "交易名稱超過 200 個字元";
    RowTextTooLong => "the {value} is too long", "{value}過長";
    RowCreateDateMissing => "the create date is missing", "缺少建立日期";
    RowCreateDateInvalid => "the create date \"{value}\" is not a possible date", "建立日期「{value}」不是有效的日期";
    RowCloseDateInvalid => "the close date \"{value}\" is not a possible date", "結案日期「{value}」不是有效的日期";
    RowCreateDateOutOfRange => "the create date \"{value}\" is not between the years 2000 and 2100", "建立日期「{value}」不在 2000 至 2100 年之間";
    RowCloseDateOutOfRange => "the close date \"{value}\" is not between the years 2000 and 2100", "結案日期「{value}」不在 2000 至 2100 年之間";
    RowCloseDateMissing => "the deal is closed but has no close date", "交易已結案但沒有結案日期";
    RowCloseBeforeCreate => "the close date {value} is before the create date", "結案日期 {value} 早於建立日期";
    RowMoneyInvalid => "the MRR \"{value}\" is not an amount", "MRR「{value}」不是有效的金額";
    RowMoneyNegative => "the MRR \"{value}\" is negative", "MRR「{value}」為負數";
    RowMoneyDecimals => "the MRR \"{value}\" has more decimals than the currency allows", "MRR「{value}」的小數位數超過幣別允許的位數";
    RowMoneyCurrency => "the MRR \"{value}\" is in another currency than the partner's", "MRR「{value}」的幣別與合作夥伴的幣別不同";
    RowCurrencyOther => "the deal is in {value}, not in the partner's currency", "此交易的幣別為 {value}，不是合作夥伴的幣別";
    RowKindUnknown => "the deal kind \"{value}\" is neither Sourced nor Assisted", "交易類型「{value}」不是委託或協助";

    // Tasks (Go to market)
    RolePdmShort => "PDM", "PDM";
    TaskTypeCall => "Call", "通話";
    TaskTypeEmail => "Email", "電子郵件";
    TaskTypeTodo => "To-do", "待辦事項";
    PriorityNone => "None", "無";
    PriorityLow => "Low", "低";
    PriorityMedium => "Medium", "中";
    PriorityHigh => "High", "高";
    DueToday => "Today", "今天";
    DueTomorrow => "Tomorrow", "明天";
    DueIn2BusinessDays => "In 2 business days", "2 個工作天後";
    DueIn3BusinessDays => "In 3 business days", "3 個工作天後";
    DueIn1Week => "In 1 week", "1 週後";
    DueIn2Weeks => "In 2 weeks", "2 週後";
    DueIn1Month => "In 1 month", "1 個月後";
    DueIn3Months => "In 3 months", "3 個月後";
    DueIn6Months => "In 6 months", "6 個月後";
    DueCustom => "Custom date", "自訂日期";
    ReminderNone => "No reminder", "不提醒";
    ReminderAtDue => "At due time", "到期時";
    ReminderBefore15m => "15 minutes before", "15 分鐘前";
    ReminderBefore30m => "30 minutes before", "30 分鐘前";
    ReminderBefore1h => "1 hour before", "1 小時前";
    ReminderBefore1d => "1 day before", "1 天前";
    ReminderBefore1w => "1 week before", "1 週前";
    ReminderCustom => "Custom date and time", "自訂日期與時間";
    TasksOpen => "Open", "未完成";
    TasksCompleted => "Completed", "已完成";
    TasksAll => "All", "全部";
    CreateTask => "Create task", "建立任務";
    CreateOpenTask => "Create open task", "建立自訂任務";
    DefaultTasks => "Default tasks", "預設任務";
    NewTask => "New task", "新任務";
    EditTask => "Edit task", "編輯任務";
    ClosePanel => "Close", "關閉";
    TaskTitleLabel => "Task title", "任務標題";
    MarkCompletedLabel => "Completed", "已完成";
    TaskTypeLabel => "Task type", "任務類型";
    PriorityLabel => "Priority", "優先順序";
    AssignedTo => "Assigned to", "指派給";
    Nobody => "Nobody", "未指派";
    Anyone => "Anyone", "任何人";
    Me => "Me", "我";
    AnyType => "Any type", "所有類型";
    AnyPriority => "Any priority", "所有優先順序";
    DueDate => "Due date", "到期日";
    DueTime => "Time", "時間";
    CustomDate => "Custom date", "自訂日期";
    CustomDateHint => "Used when “Custom date” is chosen.", "選擇「自訂日期」時使用。";
    ReminderLabel => "Reminder", "提醒";
    ReminderDate => "Reminder date", "提醒日期";
    ReminderTime => "Reminder time", "提醒時間";
    ReminderCustomHint => "Used when “Custom date and time” is chosen.", "選擇「自訂日期與時間」時使用。";
    TaskNotesLabel => "Task notes", "任務備註";
    CreateButton => "Create", "建立";
    TimesInZone => "Times are in your time zone, {zone}.", "時間以您的時區 {zone} 顯示。";
    DueOn => "Due {when}", "到期：{when}";
    ColTask => "Task", "任務";
    ColTaskType => "Type", "類型";
    ColPriority => "Priority", "優先順序";
    ColAssignee => "Assigned to", "指派給";
    ColDue => "Due", "到期";
    ColDone => "Done", "完成";
    Overdue => "Overdue", "已逾期";
    DueThisWeek => "Due this week", "本週到期";
    CompleteTask => "Complete", "完成";
    CompleteTaskNamed => "Complete “{title}”", "完成「{title}」";
    ReopenTask => "Reopen", "重新開啟";
    ReopenTaskNamed => "Reopen “{title}”", "重新開啟「{title}」";
    CompletedBy => "Completed by {name}, {when}", "由 {name} 完成，{when}";
    NoTasksMatch => "No tasks match these filters.", "沒有符合篩選條件的任務。";
    NoTasksYet => "No tasks yet. Use “Create task” to add the first one.", "尚無任務。請使用「建立任務」新增第一項任務。";
    TaskCount => "{count} tasks", "{count} 項任務";
    TaskCreated => "Task created.", "已建立任務。";
    TaskSaved => "Task saved.", "已儲存任務。";
    TaskDeleted => "Task deleted.", "已刪除任務。";
    TaskCompletedNotice => "Task marked as completed.", "已將任務標示為已完成。";
    TaskReopenedNotice => "Task opened again.", "已重新開啟任務。";
    DeleteTask => "Delete task", "刪除任務";
    ConfirmDeleteTask => "Yes, delete this task. This cannot be undone.", "是，刪除此任務。此動作無法復原。";
    TaskConflictTitle => "Someone changed this task while you were editing it", "在您編輯時，其他人變更了此任務";
    TaskConflictHint => "Nothing was saved. For each field below, keep your value or theirs, then save again.", "尚未儲存任何內容。請就下列每個欄位選擇保留您的值或對方的值，然後再次儲存。";
    KeepYours => "Keep yours", "保留您的";
    KeepTheirs => "Keep theirs", "保留對方的";
    YourValue => "Yours", "您的";
    TheirValue => "Theirs", "對方的";
    YesWord => "Yes", "是";
    NoWord => "No", "否";
    LiveUpdatesOn => "Live updates are on.", "即時更新已開啟。";
    TasksUpdated => "The list was updated.", "清單已更新。";
    DefaultTasksTitle => "Default tasks", "預設任務";
    DefaultTasksIntro => "The tasks every partner's “Create task” menu offers, in both languages. Changing one changes no task already made from it.", "每個合作夥伴的「建立任務」選單提供的任務，含兩種語言。變更預設任務不會影響已由其建立的任務。";
    AddDefaultTask => "Add a default task", "新增預設任務";
    DefaultTaskAdded => "Default task added.", "已新增預設任務。";
    DefaultTaskDeleted => "Default task deleted.", "已刪除預設任務。";
    DeleteDefaultTask => "Delete this default task", "刪除此預設任務";
    EditDefaultTask => "Edit “{title}”", "編輯「{title}」";
    ConfirmDeleteDefaultTask => "Yes, delete it. Tasks made from it stay as they are.", "是，刪除。由其建立的任務保持不變。";
    TitleInEnglish => "Title in English", "英文標題";
    TitleInChinese => "Title in Traditional Chinese", "繁體中文標題";
    NotesInEnglish => "Notes in English", "英文備註";
    NotesInChinese => "Notes in Traditional Chinese", "繁體中文備註";
    PositionLabel => "Position in the menu", "選單中的位置";
    ErrPositionInvalid => "Enter a whole number, such as 3.", "請輸入整數，例如 3。";
    ErrTaskTitleRequired => "Enter a task title.", "請輸入任務標題。";
    ErrTaskTitleTooLong => "A task title can have at most 200 characters.", "任務標題最多 200 個字元。";
    ErrTimeInvalid => "Choose a time of day, such as 08:00.", "請選擇時間，例如 08:00。";
    ErrTimeSkipped => "This time does not exist on that day in your time zone (the clocks change). Choose another time.", "在您的時區中，當天沒有這個時間（時鐘調整）。請選擇其他時間。";
    ErrReminderAfterDue => "The reminder must be at or before the due time.", "提醒時間必須在到期時間之前或同時。";
    ErrAssigneeOutside => "Choose a member of this partner or one of its PDMs.", "請選擇此合作夥伴的成員或其 PDM。";

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
    ErrConflict => "Someone else saved a change here after you opened it, so yours was not saved. What you entered is still below; open the page again to see their version before you save.", "在您開啟此頁面後，其他人已儲存變更，因此您的變更未儲存。您輸入的內容仍保留在下方；請重新開啟頁面查看對方的版本後再儲存。";
    ErrBusy => "The server is busy. Please try again in a moment.", "伺服器忙碌中，請稍後再試。";
    ErrBadRequest => "The request could not be understood. Reload the page and try again.", "無法處理此要求，請重新載入頁面後再試一次。";
    ErrInternal => "Something went wrong on our side. Please try again. Reference: {reference}", "系統發生錯誤，請再試一次。參考編號：{reference}";
    ErrTimedOut => "The server took too long to answer and stopped. Please try again in a moment. Reference: {reference}", "伺服器回應逾時，已停止處理。請稍後再試一次。參考編號：{reference}";

    // Quarterly reviews
    QuarterName => "{year} Q{quarter}", "{year} 年第 {quarter} 季";
    ReviewsHeading => "Quarterly reviews", "季度檢討";
    ReviewTitle => "Quarterly review {quarter}", "季度檢討：{quarter}";
    StartReview => "Start quarterly review", "開始季度檢討";
    ReviewQuarterLabel => "Quarter to review", "要檢討的季度";
    NoQuarterToStart => "Every ended quarter of the last two years has a review.", "過去兩年每個已結束的季度都已有檢討。";
    NoReviewsYet => "No quarterly review yet. Start one for the quarter that just ended.", "尚無季度檢討。請為剛結束的季度開始一次檢討。";
    ColQuarter => "Quarter", "季度";
    ColReviewStatus => "Status", "狀態";
    ColHeldOn => "Date held", "舉行日期";
    ColLastChange => "Last change", "最後變更";
    ReviewDraft => "Draft", "草稿";
    ReviewComplete => "Completed", "已完成";
    ReviewReadOnly => "This review is completed and read-only.", "此檢討已完成，僅供檢視。";
    SnapshotHeading => "Performance snapshot", "績效快照";
    SnapshotTaken => "Taken {when}. Later deal changes do not change it.", "擷取於 {when}。之後的交易變更不會影響此快照。";
    SnapshotNoPlan => "There was no plan for this year when the snapshot was taken: targets are zero.", "擷取快照時本年度尚無計劃：目標值為零。";
    ColGoal => "Goal", "目標";
    ColQuarterActual => "Quarter actual", "本季實際";
    ColQuarterTarget => "Quarter target", "本季目標值";
    RefreshSnapshot => "Refresh snapshot", "更新快照";
    MarkReviewComplete => "Mark complete", "標示為完成";
    ReopenReview => "Reopen", "重新開啟";
    PrintableView => "Printable view", "列印版";
    PrintHint => "Use your browser's Print command to save this review as a PDF.", "請使用瀏覽器的「列印」功能將此檢討儲存為 PDF。";
    BackToReviews => "All quarterly reviews", "所有季度檢討";
    BackToReview => "Back to the review", "返回檢討";
    ReviewNotesHeading => "Notes", "備註";
    HeldOnLabel => "Date held", "舉行日期";
    AttendeesLabel => "Attendees", "出席者";
    WentWellLabel => "What went well", "進展順利之處";
    DidNotGoWellLabel => "What did not go well", "未如預期之處";
    StrategyHeading => "Strategy changes", "策略變更";
    StrategyLabel => "Changes in strategy or focus", "策略或重點的變更";
    CompanyGoalsHint => "Edit a company goal only if the strategy changes it; the change is kept in the goals' history.", "僅在策略變更影響時才編輯公司目標；變更會記錄在目標的變更紀錄中。";
    UpdatedTargetsHeading => "Updated targets, {year}", "更新後的目標值（{year} 年）";
    UpdatedTargetsHint => "Months up to the end of the reviewed quarter are locked. Every change is kept in the targets' history with this review as its reason.", "截至檢討季度結束的月份已鎖定。每項變更都會記錄在目標值的變更紀錄中，並以此檢討為原因。";
    MonthLocked => "Locked", "已鎖定";
    NoPlanForReview => "There is no plan for {year} yet, so there are no targets to update.", "{year} 年尚無計劃，因此沒有可更新的目標值。";
    SetUpPlan => "Set annual goals for {year}", "設定 {year} 年的年度目標";
    ReviewChangesHeading => "Changes made in this review", "此檢討所做的變更";
    FromReview => "Quarterly review {quarter}", "季度檢討：{quarter}";
    SaveReview => "Save review", "儲存檢討";
    TaskFollowUpHeading => "Task follow-up", "任務追蹤";
    NoOpenTasks => "The partner has no open tasks.", "此合作夥伴沒有未完成的任務。";
    NoOpenTasksWhenCompleted => "The partner had no open tasks when this review was completed.", "此檢討完成時，合作夥伴沒有未完成的任務。";
    TasksWhenCompletedHint => "The open tasks as they stood when this review was completed, due times on your clock. Each links to the task as it is now.", "此檢討完成時的未完成任務，到期時間以您的時區顯示。點選可查看任務目前的狀態。";
    NewDueDateLabel => "New due date for {title}", "「{title}」的新到期日";
    Reschedule => "Reschedule", "重新排程";
    ReviewConflictTitle => "Someone changed this review while you were editing it", "在您編輯時，其他人變更了此檢討";
    ReviewStarted => "Quarterly review started.", "已開始季度檢討。";
    SnapshotRefreshed => "Snapshot refreshed.", "已更新快照。";
    ReviewCompleted => "Review marked complete.", "已將檢討標示為完成。";
    ReviewReopened => "Review reopened.", "已重新開啟檢討。";
    TaskRescheduled => "Task rescheduled.", "已重新排程任務。";
    ErrReviewQuarter => "Choose a quarter.", "請選擇季度。";
    ErrReviewQuarterNotEnded => "A quarter can be reviewed once it has ended.", "季度結束後才能進行檢討。";
    ErrReviewExists => "This quarter already has a review.", "此季度已有檢討。";
    ErrReviewComplete => "This review is completed: nothing can be changed. An admin can reopen it.", "此檢討已完成，無法變更。管理員可重新開啟。";
    ErrMonthLocked => "This month is up to the end of the reviewed quarter and cannot be changed here.", "此月份在檢討季度結束之前，無法在此變更。";
    ErrReviewNoPlan => "There is no plan for this year to update.", "本年度沒有可更新的計劃。";
    // Administration (issue 12)
    Administration => "Administration", "系統管理";
    AdminNavigation => "Administration sections", "系統管理區段";
    AdminOverview => "Overview", "總覽";
    AdminIntro => "Everything an administrator does, in the browser. Every change is recorded in the audit log.", "管理員的所有工作都可在瀏覽器中完成。每項變更都會記錄在稽核紀錄中。";
    AdminPartners => "Partners", "合作夥伴";
    AdminPartnersAbout => "Create partners, rename them, change their time zone, archive and restore them.", "建立合作夥伴、重新命名、變更時區、封存與還原。";
    AdminUsers => "Users", "使用者";
    AdminUsersAbout => "Create users with a one-time password, change their role or partner, reset passwords, deactivate and reactivate.", "以一次性密碼建立使用者、變更角色或合作夥伴、重設密碼、停用與重新啟用。";
    AdminAssignments => "PDM assignments", "PDM 指派";
    AdminAssignmentsAbout => "Which Partner Development Manager looks after which partner.", "哪位合作夥伴發展經理負責哪個合作夥伴。";
    AdminDefaultTasksAbout => "The tasks the task panel's “Create task” menu offers: create, edit, reorder and retire them.", "任務面板「建立任務」選單提供的任務：建立、編輯、調整順序與停用。";
    AuditLog => "Audit log", "稽核紀錄";
    AuditLogAbout => "Every administrative change: who, when, what, and the value before and after.", "每項管理變更：由誰、何時、變更了什麼，以及變更前後的值。";
    AdminPartnerCount => "{count} partners, {archived} archived", "{count} 個合作夥伴，其中 {archived} 個已封存";
    AdminUserCount => "{count} users, {deactivated} deactivated", "{count} 位使用者，其中 {deactivated} 位已停用";
    AdminAssignmentCount => "{count} assignments", "{count} 項指派";
    AdminDefaultTaskCount => "{count} default tasks", "{count} 項預設任務";
    AdminAuditCount => "{count} changes recorded", "已記錄 {count} 項變更";
    Search => "Search", "搜尋";
    SearchPartners => "Search partners by name", "依名稱搜尋合作夥伴";
    SearchUsers => "Search users by email, name or partner", "依電子郵件、名稱或合作夥伴搜尋使用者";
    NothingFound => "Nothing found.", "找不到任何項目。";
    PartnerNameLabel => "Partner name", "合作夥伴名稱";
    CurrencyLabel => "Currency", "幣別";
    CurrencyHint => "ISO 4217 code, such as USD or TWD. It cannot be changed later.", "ISO 4217 代碼，例如 USD 或 TWD。建立後無法變更。";
    AdminMembers => "Members", "成員";
    AdminMemberCount => "{count} members", "{count} 位成員";
    AdminStatus => "Status", "狀態";
    AdminActive => "Active", "使用中";
    AdminArchived => "Archived", "已封存";
    AdminDeactivated => "Deactivated", "已停用";
    PersonDeactivated => "{name} (deactivated)", "{name}（已停用）";
    AdminMustChangePassword => "Must choose a password", "須設定自己的密碼";
    AdminNewPartner => "New partner", "新增合作夥伴";
    AdminCreatePartner => "Create partner", "建立合作夥伴";
    AdminPartnerCreated => "Partner created.", "已建立合作夥伴。";
    AdminPartnerDetails => "Name and time zone", "名稱與時區";
    AdminPartnerIsArchived => "Archived: hidden from switchers and the portfolio; its members and PDMs cannot open it.", "已封存：不會出現在切換選單與投資組合中；其成員與 PDM 無法開啟。";
    AdminOpenWorkspace => "Open its workspace", "開啟其工作區";
    AdminArchivePartner => "Archive partner", "封存合作夥伴";
    AdminArchiveAbout => "An archived partner disappears from switchers and the portfolio, and its members and PDMs can no longer open it. Its data is kept, and it can be restored.", "封存後，合作夥伴會從切換選單與投資組合中消失，其成員與 PDM 將無法開啟。資料會保留，並可還原。";
    AdminRestorePartner => "Restore partner", "還原合作夥伴";
    AdminRestoreAbout => "Restoring brings the partner back, with all its data.", "還原後，合作夥伴及其所有資料將恢復。";
    AdminPartnerArchived => "Partner archived.", "已封存合作夥伴。";
    AdminPartnerRestored => "Partner restored.", "已還原合作夥伴。";
    AdminAssignedPdms => "PDMs assigned", "已指派的 PDM";
    AdminNoPdms => "No PDM is assigned to this partner.", "此合作夥伴尚未指派 PDM。";
    AdminPdm => "PDM", "合作夥伴發展經理（PDM）";
    AdminPartner => "Partner", "合作夥伴";
    AdminAssign => "Assign", "指派";
    AdminUnassign => "Unassign", "取消指派";
    AdminAssigned => "Assigned.", "已指派。";
    AdminUnassigned => "Unassigned.", "已取消指派。";
    AdminUserName => "Name", "名稱";
    AdminRole => "Role", "角色";
    AdminLastLogin => "Last login", "上次登入";
    AdminNever => "Never", "從未";
    AdminNewUser => "New user", "新增使用者";
    AdminCreateUser => "Create user", "建立使用者";
    AdminUserCreated => "User created.", "已建立使用者。";
    AdminNoPartner => "None (PDMs and admins)", "無（PDM 與管理員）";
    AdminPartnerOfMember => "Partner (members only)", "合作夥伴（僅限成員）";
    AdminOneTimePasswordLabel => "One-time password (optional)", "一次性密碼（選填）";
    AdminOneTimePasswordHint => "Leave empty to have one made up. The user must choose their own at first login.", "留空則自動產生。使用者首次登入時須設定自己的密碼。";
    AdminOneTimePasswordIs => "The one-time password:", "一次性密碼：";
    AdminOneTimePasswordOnce => "It is shown only now: give it to the user. They must choose their own password when they first log in.", "此密碼僅顯示這一次，請交給使用者。使用者首次登入時須設定自己的密碼。";
    AdminRoleAndPartner => "Role and partner", "角色與合作夥伴";
    AdminResetPassword => "Reset password", "重設密碼";
    AdminResetAbout => "Gives a new one-time password and logs the user out everywhere.", "產生新的一次性密碼，並登出該使用者的所有工作階段。";
    AdminPasswordReset => "Password reset. Every session of this user has ended.", "已重設密碼，該使用者的所有工作階段皆已結束。";
    AdminDeactivate => "Deactivate", "停用";
    AdminDeactivateAbout => "A deactivated user cannot log in, and their sessions end now. Their data is kept.", "停用後，使用者無法登入，其工作階段會立即結束。資料會保留。";
    AdminReactivate => "Reactivate", "重新啟用";
    AdminReactivateAbout => "The user can log in again with their password.", "使用者可再次以其密碼登入。";
    AdminUserDeactivated => "User deactivated. Their sessions have ended.", "已停用使用者，其工作階段皆已結束。";
    AdminUserReactivated => "User reactivated.", "已重新啟用使用者。";
    AdminPdmPartners => "Partners this PDM looks after", "此 PDM 負責的合作夥伴";
    AdminNoPartners => "No partner yet.", "尚無合作夥伴。";
    AuditActor => "Who", "執行者";
    AuditAnyone => "Anyone", "任何人";
    AuditKind => "Kind of change", "變更類型";
    AuditAnyKind => "Any kind", "任何類型";
    AuditFrom => "From", "起始日期";
    AuditTo => "To", "結束日期";
    AuditTotal => "{count} changes", "{count} 項變更";
    AuditWhen => "When", "時間";
    AuditTarget => "What", "對象";
    AuditOld => "Before", "變更前";
    AuditNew => "After", "變更後";
    AuditCommandLine => "Command line", "命令列";
    AuditNone => "none", "無";
    AuditPartnerNumber => "partner #{number}", "合作夥伴 #{number}";
    AuditTargetPartner => "Partner {name}", "合作夥伴 {name}";
    AuditTargetUser => "User {email}", "使用者 {email}";
    AuditTargetDefaultTask => "Default task “{title}”", "預設任務「{title}」";
    AuditTargetDefaultTaskNumber => "Default task #{number}", "預設任務 #{number}";
    AuditPartnerCreate => "Partner created", "建立合作夥伴";
    AuditPartnerRename => "Partner renamed", "合作夥伴更名";
    AuditPartnerTimeZone => "Partner's time zone changed", "變更合作夥伴時區";
    AuditPartnerArchive => "Partner archived", "封存合作夥伴";
    AuditPartnerRestore => "Partner restored", "還原合作夥伴";
    AuditUserCreate => "User created", "建立使用者";
    AuditUserRole => "Role changed", "變更角色";
    AuditUserResetPassword => "Password reset", "重設密碼";
    AuditUserDeactivate => "User deactivated", "停用使用者";
    AuditUserReactivate => "User reactivated", "重新啟用使用者";
    AuditPdmAssign => "PDM assigned", "指派 PDM";
    AuditPdmUnassign => "PDM unassigned", "取消指派 PDM";
    AuditDefaultTaskCreate => "Default task added", "新增預設任務";
    AuditDefaultTaskUpdate => "Default task edited", "編輯預設任務";
    AuditDefaultTaskDelete => "Default task deleted", "刪除預設任務";
    AuditDefaultTaskReorder => "Default task moved", "調整預設任務順序";
    AuditDefaultTaskRetire => "Default task retired", "停用預設任務";
    AuditDefaultTaskRestore => "Default task offered again", "重新提供預設任務";
    AuditFieldName => "Name", "名稱";
    AuditFieldRole => "Role", "角色";
    AuditFieldPartner => "Partner", "合作夥伴";
    AuditFieldCurrency => "Currency", "幣別";
    AuditFieldTimeZone => "Time zone", "時區";
    AuditFieldTitleEn => "Title (English)", "標題（英文）";
    AuditFieldTitleZhTw => "Title (Traditional Chinese)", "標題（繁體中文）";
    AuditFieldTaskKind => "Type", "類型";
    AuditFieldPriority => "Priority", "優先順序";
    AuditFieldDue => "Due", "到期";
    AuditFieldPosition => "Place in the menu", "順序";
    AuditFieldState => "State", "狀態";
    AuditFieldSessionsEnded => "Sessions ended", "已結束的工作階段";
    AuditFieldFeedsEnded => "Calendar feeds ended", "已停止的行事曆訂閱";
    AuditStateRevoked => "Revoked", "已撤銷";
    AuditFieldScopes => "Scopes", "權限範圍";
    AuditFieldExpires => "Expires", "到期";
    AuditFieldAddress => "Address", "位址";
    AuditTargetToken => "API token {name}", "API 權杖 {name}";
    AuditTokenCreate => "API token created", "建立 API 權杖";
    AuditTokenNewAddress => "API token used from a new address", "權杖從新位址使用";
    AuditTokenRevoke => "API token revoked", "撤銷 API 權杖";
    ScopeDealsRead => "Read deals", "讀取交易";
    ScopeDealsWrite => "Create, change and delete deals", "建立、修改及刪除交易";
    ScopeGoalsRead => "Read goals and targets", "讀取目標與目標值";
    ScopeProgressRead => "Read progress", "讀取進度";
    ScopeTasksRead => "Read tasks", "讀取任務";
    ScopeTasksWrite => "Create, change and complete tasks", "建立、修改及完成任務";
    TokenLifetime30 => "30 days", "30 天";
    TokenLifetime90 => "90 days", "90 天";
    TokenLifetime365 => "365 days", "365 天";
    TokenLifetimeNever => "Never expires", "永不到期";
    ErrTokenNameRequired => "Give the token a name, such as the system that will use it.", "請為權杖命名，例如將使用它的系統名稱。";
    ErrTokenScopesRequired => "Choose at least one scope.", "請至少選擇一個權限範圍。";
    ErrTokenScopeUnknown => "That scope does not exist.", "此權限範圍不存在。";
    ErrTokenLifetimeNotAllowed => "Only admins can make a token that never expires.", "只有管理員可以建立永不到期的權杖。";
    ApiTokenMissing => "Send an API token: Authorization: Bearer pm_…", "請提供 API 權杖：Authorization: Bearer pm_…";
    ApiTokenInvalid => "This API token is unknown, expired or revoked.", "此 API 權杖不存在、已到期或已撤銷。";
    ApiRateLimited => "Too many requests with this token. Try again in {seconds} seconds.", "此權杖的請求過多，請於 {seconds} 秒後再試。";
    ApiVersionStale => "This record changed since the version you sent. Read it again and retry.", "此紀錄在您提供的版本之後已變更，請重新讀取後再試。";
    ApiIfMatchRequired => "Send the version you are changing in an If-Match header.", "請在 If-Match 標頭中提供您要修改的版本。";
    ApiIdempotencyReused => "This Idempotency-Key was used with a different request.", "此 Idempotency-Key 已用於另一個不同的請求。";
    ApiIdempotencyInProgress => "A request with this Idempotency-Key is still being answered.", "使用此 Idempotency-Key 的請求仍在處理中。";
    ApiIdempotencyKeyInvalid => "An Idempotency-Key is 1 to 255 printable ASCII characters.", "Idempotency-Key 須為 1 至 255 個可列印的 ASCII 字元。";
    ApiBodyTooLarge => "The request body is too large.", "請求內容過大。";
    ApiBulkTooMany => "Send at most {max} deals in one request.", "每次請求最多傳送 {max} 筆交易。";
    ApiNotJson => "Send a JSON body with Content-Type: application/json.", "請以 Content-Type: application/json 傳送 JSON 內容。";
    ApiBadJson => "The body is not the JSON this endpoint takes: {detail}", "內容不是此端點接受的 JSON：{detail}";
    ApiRecordIdRequired => "Each deal needs its external_id (the HubSpot Record ID) to be matched.", "每筆交易都需要 external_id（HubSpot 記錄 ID）才能比對。";
    ApiRecordIdRepeated => "the external_id {value} appears earlier in this request", "external_id {value} 在此請求中重複出現";
    ApiTokens => "API tokens", "API 權杖";
    AdminApiTokensAbout => "Every partner's tokens for the JSON API, and tokens for every partner.", "所有合作夥伴的 JSON API 權杖，以及適用所有合作夥伴的權杖。";
    AdminApiTokenCount => "{count} active tokens", "{count} 個有效權杖";
    ApiTokensIntro => "Tokens let your own systems use the partner-map API: push deals from your CRM each night, read progress and tasks into your dashboards. A token acts with your access, only within its scopes, and stops working when it expires, is revoked, or your access ends.", "權杖讓您自己的系統使用 partner-map API：每晚從 CRM 推送交易，將進度與任務讀入您的儀表板。權杖以您的權限運作，僅限於其權限範圍內，並會在到期、被撤銷或您的權限結束時失效。";
    ApiReference => "API reference", "API 參考文件";
    ApiTokenNew => "Your new token", "您的新權杖";
    ApiTokenShownOnce => "Copy it now and keep it in your system's secret store: it is shown only this once. If you lose it, revoke it and make a new one.", "請立即複製，並保存在您系統的機密儲存區：權杖只會顯示這一次。若遺失了，請撤銷後再建立新的權杖。";
    ApiTokenCreate => "New token", "新增權杖";
    ApiTokenCreateButton => "Create token", "建立權杖";
    ApiTokenCreated => "Token created. Copy it now.", "權杖已建立，請立即複製。";
    ApiTokenRevoked => "Token revoked: requests with it are refused from now on.", "權杖已撤銷：從現在起，使用此權杖的請求都會被拒絕。";
    ApiTokenName => "Name", "名稱";
    ApiTokenNameHint => "What will use it, such as \"HubSpot nightly sync\".", "將使用它的系統，例如「HubSpot 每晚同步」。";
    ApiTokenScopes => "Scopes", "權限範圍";
    ApiTokenLifetime => "Expires after", "有效期限";
    ApiTokensActive => "Active tokens", "有效的權杖";
    ApiTokensNone => "No tokens yet.", "尚無權杖。";
    ApiTokenPartner => "Partner", "合作夥伴";
    ApiTokenEveryPartner => "Every partner", "所有合作夥伴";
    ApiTokenMadeBy => "Made by", "建立者";
    ApiTokenLastUsed => "Last used", "上次使用";
    ApiTokenUsedFrom => "{when} from {address}", "{when}，來自 {address}";
    ApiTokenNeverUsed => "Never", "從未使用";
    ApiTokenExpires => "Expires", "到期";
    ApiTokenExpiredOn => "Expired {date}", "已於 {date} 到期";
    ApiTokenRevoke => "Revoke", "撤銷";
    ApiTokenRevokeNamed => "Revoke {name}", "撤銷 {name}";
    ApiDocsIntro => "The JSON API reaches a partner's deals, goals, progress and tasks with the same rules as these pages. Each request carries a token made on the partner's API tokens page: Authorization: Bearer pm_…", "JSON API 以與本站頁面相同的規則存取合作夥伴的交易、目標、進度與任務。每個請求都需附上在合作夥伴 API 權杖頁面建立的權杖：Authorization: Bearer pm_…";
    ApiDocsDocument => "The OpenAPI 3.1 document (JSON)", "OpenAPI 3.1 文件（JSON）";
    ApiDocsExample => "Push a deal, then read progress", "推送一筆交易，再讀取進度";
    ApiDocsOperations => "Operations", "操作";
    ApiDocsMethod => "Method", "方法";
    ApiDocsPath => "Path", "路徑";
    ApiDocsWhat => "What it does", "用途";
    ApiDocsViewer => "Interactive reference", "互動式參考文件";
    ApiOpDealsList => "List deals, a page at a time", "分頁列出交易";
    ApiOpDealCreate => "Create a deal", "建立交易";
    ApiOpDealGet => "Read a deal", "讀取交易";
    ApiOpDealPatch => "Change a deal (If-Match)", "修改交易（If-Match）";
    ApiOpDealDelete => "Delete a deal", "刪除交易";
    ApiOpDealsBulk => "Create or update up to 5,000 deals by Record ID", "依記錄 ID 建立或更新最多 5,000 筆交易";
    ApiOpGoals => "Read a year's goals and 48 monthly targets", "讀取年度目標與 48 個每月目標值";
    ApiOpProgress => "Read progress against the targets", "讀取目標值的達成進度";
    ApiOpTasksList => "List tasks", "列出任務";
    ApiOpTaskCreate => "Create a task", "建立任務";
    ApiOpTaskPatch => "Change a task (If-Match)", "修改任務（If-Match）";
    ApiOpTaskComplete => "Complete a task", "完成任務";
    ApiOpTaskEvents => "Follow task changes as they happen", "即時接收任務變更";
    ApiOpDocument => "This reference, as OpenAPI 3.1", "本參考文件（OpenAPI 3.1）";
    ApiBadCursor => "This cursor is not one the API gave.", "此游標不是 API 提供的。";
    AuditStateActive => "Active", "使用中";
    AuditStateArchived => "Archived", "已封存";
    AuditStateDeactivated => "Deactivated", "已停用";
    AuditStateAssigned => "Assigned", "已指派";
    AuditStateOffered => "Offered in the task panel", "於任務面板中提供";
    AuditStateRetired => "Retired", "已停用";
    AuditStateOneTimePassword => "One-time password set", "已設定一次性密碼";
    ChooseYourPassword => "Choose your own password", "設定您自己的密碼";
    ChooseYourPasswordIntro => "You logged in with a one-time password. Enter it as the current password, then choose a password of your own to continue.", "您使用一次性密碼登入。請將其輸入為目前密碼，然後設定您自己的密碼以繼續。";
    DefaultTaskIsRetired => "Retired: not offered in the task panel", "已停用：不會在任務面板中提供";
    MoveUp => "Move up", "上移";
    MoveDown => "Move down", "下移";
    RetireDefaultTask => "Retire", "停用";
    RestoreDefaultTask => "Offer again", "重新提供";
    DefaultTaskRetired => "Retired: the task panel no longer offers it.", "已停用：任務面板不再提供此任務。";
    DefaultTaskRestored => "The task panel offers it again.", "任務面板已重新提供此任務。";
    DefaultTaskMoved => "Order saved.", "已儲存順序。";
    ErrCurrencyInvalid => "Enter a three-letter currency code, such as USD.", "請輸入三個字母的幣別代碼，例如 USD。";
    ErrEmailTaken => "A user with this email already exists.", "已有使用者使用此電子郵件。";
    ErrLastAdmin => "You are the last active admin: this would leave nobody to run the installation. Make someone else an admin first.", "您是最後一位有效的管理員，此變更將使系統無人管理。請先將其他人設為管理員。";
    ErrMemberNeedsPartner => "A member must belong to a partner: choose one.", "成員必須隸屬於一個合作夥伴，請選擇。";
    ErrOnlyMembersHavePartner => "Only members belong to a partner.", "只有成員隸屬於合作夥伴。";
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
    // Names, and patterns with no words of their own (only placeholders and punctuation).
    const SAME_IN_EVERY_LANGUAGE: &[Key] = &[
        Key::AppName,
        Key::ColMrr,
        Key::CellLabel,
        Key::NoPercent,
        Key::RolePdmShort,
    ];

    /// Punctuation, which differs by language but holds no Chinese word.
    const PUNCTUATION: &[Key] = &[Key::LabelColon];

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
                    PUNCTUATION.contains(&key)
                        || zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
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
        // The seed's name, with the word people look for beside it.
        assert!(Key::AreaTasks.text(Locale::ZhTw).starts_with("進入市場"));
        assert!(Key::AreaTasks.text(Locale::En).starts_with("Go to market"));
        assert_eq!(Key::LogIn.text(Locale::ZhTw), "登入");
        assert_eq!(Key::LogOut.text(Locale::ZhTw), "登出");
    }
}

impl Key {
    /// A day of the week's name, ISO-numbered: 1 is Monday, 7 Sunday.
    pub fn weekday(day: u8) -> Key {
        const DAYS: [Key; 7] = [
            Key::Weekday1,
            Key::Weekday2,
            Key::Weekday3,
            Key::Weekday4,
            Key::Weekday5,
            Key::Weekday6,
            Key::Weekday7,
        ];
        DAYS[(day.clamp(1, 7) - 1) as usize]
    }

    /// A month's short name (a chart's axis), 1 to 12.
    pub fn month_short(month: u32) -> Key {
        const MONTHS: [Key; 12] = [
            Key::MonthShort1,
            Key::MonthShort2,
            Key::MonthShort3,
            Key::MonthShort4,
            Key::MonthShort5,
            Key::MonthShort6,
            Key::MonthShort7,
            Key::MonthShort8,
            Key::MonthShort9,
            Key::MonthShort10,
            Key::MonthShort11,
            Key::MonthShort12,
        ];
        MONTHS[(month.clamp(1, 12) - 1) as usize]
    }

    /// A month's name, 1 to 12.
    pub fn month(month: u32) -> Key {
        const MONTHS: [Key; 12] = [
            Key::Month1,
            Key::Month2,
            Key::Month3,
            Key::Month4,
            Key::Month5,
            Key::Month6,
            Key::Month7,
            Key::Month8,
            Key::Month9,
            Key::Month10,
            Key::Month11,
            Key::Month12,
        ];
        MONTHS[(month.clamp(1, 12) - 1) as usize]
    }
}
