//! The campaigns' and visit screens' words, zh-CN and English side by side (the mechanism: `crate::i18n`).

use crate::i18n::{Locale, Texts};

crate::i18n::texts! {
    // Households and visits: the closed sets
    visit_mode_in_person: "入户走访" | "At the door";
    visit_mode_phone: "电话走访" | "By phone";
    visit_mode_meeting: "院坝会" | "Courtyard meeting";
    attitude_satisfied: "满意" | "Satisfied";
    attitude_fair: "基本满意" | "Fairly satisfied";
    attitude_dissatisfied: "不满意" | "Dissatisfied";
    attitude_unaware: "不了解" | "Doesn't know";
    task_kind_campaign: "走访" | "Visit";
    task_kind_follow_up: "补访" | "Follow-up visit";
    task_kind_trigger: "必访" | "Must visit";
    task_status_open: "待办" | "Open";
    task_status_done: "已完成" | "Done";
    task_status_cancelled: "已取消" | "Cancelled";
    campaign_status_open: "进行中" | "Open";
    campaign_status_closed: "已结束" | "Closed";

    // The campaign screens
    tile_households: "户籍台账" | "Household registry";
    tile_households_text: "户、成员、结对干部" | "Households, members, paired cadres";
    tile_campaigns: "走访活动" | "Visit campaigns";
    tile_campaigns_text: "走访进度、覆盖率、督促" | "Progress, coverage, follow-through";
    tile_visit_settings: "走访设置" | "Visit settings";
    tile_visit_settings_text: "标签、必访事项、政策、补访时限" | "Tags, must-visit events, policies, follow-up days";
    notice_member_removed: "已移除该成员。" | "The member was removed.";
    notice_tasks_assigned: "未分配的任务已交给所选干部。" | "The unassigned tasks went to the chosen cadre.";
    notice_campaign_closed: "走访活动已结束，未完成的任务已取消。" | "The campaign is closed; its open tasks were cancelled.";
    campaigns_title: "走访活动" | "Visit campaigns";
    campaigns_none: "还没有走访活动。" | "No campaigns yet.";
    campaigns_back: "返回走访活动" | "Back to campaigns";
    campaigns_back_to_coverage: "返回走访进度" | "Back to coverage";
    campaigns_col_name: "名称" | "Name";
    campaigns_col_scope: "范围" | "Scope";
    campaigns_col_dates: "起止日期" | "Dates";
    campaigns_col_status: "状态" | "Status";
    campaigns_col_target: "目标户数" | "Target";
    campaigns_col_coverage: "进度" | "Coverage";
    campaigns_coverage_link: "查看进度" | "View coverage";
    campaigns_new: "新建走访活动" | "New campaign";
    campaigns_field_name: "活动名称" | "Name";
    campaigns_field_starts_on: "开始日期" | "Starts";
    campaigns_field_ends_on: "结束日期" | "Ends";
    campaigns_field_unit: "范围" | "Scope";
    campaigns_field_tags: "走访对象" | "Households";
    campaigns_field_tags_hint: "不选标签即走访范围内的全部户。" | "No tag chosen: every household in scope.";
    campaigns_field_modes: "允许的走访方式" | "Allowed kinds of visit";
    campaigns_field_target_percent: "覆盖率目标（%）" | "Coverage target (%)";
    campaigns_create_hint: "创建后为每户生成一条走访任务，交给其第一位结对干部。" | "Creating it makes a visit task per household, held by its first paired cadre.";
    campaigns_create_submit: "创建活动" | "Create campaign";
    campaigns_all_households: "全部户" | "All households";
    campaigns_by_unit: "各单位进度" | "By unit";
    campaigns_by_cadre: "各干部进度" | "By cadre";
    campaigns_up: "返回上一级" | "Up one level";
    campaigns_total: "合计" | "Total";
    campaigns_col_unit: "单位" | "Unit";
    campaigns_col_cadre: "干部" | "Cadre";
    campaigns_col_visited: "已走访" | "Visited";
    campaigns_col_met: "见到人" | "Met";
    campaigns_col_not_met: "未见到" | "Not met";
    campaigns_col_follow_ups: "待补访" | "Follow-ups";
    campaigns_col_overdue: "逾期" | "Overdue";
    campaigns_col_coverage_vs_target: "覆盖率 / 目标" | "Coverage / target";
    campaigns_col_state: "情况" | "State";
    campaigns_no_cadres: "还没有任务。" | "No tasks yet.";
    campaigns_unassigned: "未分配" | "Unassigned";
    campaigns_overdue_flag: "已逾期" | "overdue";
    campaigns_drill_none: "没有符合条件的户。" | "No household here.";
    campaigns_assign_heading: "分配任务" | "Assign tasks";
    campaigns_assign_hint: "把所选单位下无人负责的待办任务交给一位干部。" | "Give the open tasks nobody holds under a unit to one cadre.";
    campaigns_field_cadre: "干部" | "Cadre";
    campaigns_assign_submit: "分配" | "Assign";
    campaigns_close_heading: "结束活动" | "Close the campaign";
    campaigns_close_hint: "结束后未完成的任务将取消，进度保留。" | "Open tasks are cancelled; coverage stays as it is.";
    campaigns_close_submit: "结束活动" | "Close campaign";
    visit_settings_title: "走访设置" | "Visit settings";
    visit_settings_tags: "户标签" | "Household tags";
    visit_settings_tags_hint: "标记需要重点关注的户，如低保户、空巢老人。" | "Mark households that need attention, such as low-income families or elderly living alone.";
    visit_settings_triggers: "必访事项（五必访）" | "Must-visit events";
    visit_settings_triggers_hint: "发生这些情况时须在规定天数内走访。" | "When one happens, a visit is due within its days.";
    visit_settings_policies: "宣传政策" | "Policies";
    visit_settings_policies_hint: "走访时可勾选向群众宣讲的政策。" | "Policies a visit can record as explained.";
    visit_settings_follow_up: "补访时限" | "Follow-up visits";
    visit_settings_follow_up_days: "未见到人时，几天内补访" | "Days until a follow-up is due when nobody was met";
    visit_settings_follow_up_hint: "1 到 90 天。" | "1 to 90 days.";
    visit_settings_col_label: "名称" | "Name";
    visit_settings_col_days: "天数" | "Days";
    visit_settings_col_active: "使用中" | "In use";
    visit_settings_active: "使用中" | "In use";
    visit_settings_new_placeholder: "新增一项" | "Add an entry";
    visit_settings_save: "保存" | "Save";

    // The cadre's visit screens
    visits_home_title: "走访" | "Visits";
    visits_due_today: "今日待办" | "Due today";
    visits_nothing_due: "今天没有到期的走访任务。" | "No visits are due today.";
    visits_more_tasks: "还有更多任务，请先完成上面的。" | "There are more tasks; finish these first.";
    visits_pick_household: "先找到要登记的户：户主或成员姓名、住址、门牌号" | "First find the household: the head's or a member's name, the address or the house number";
    trigger_form_choose: "登记这户的事件" | "Record an event here";
    visits_my_progress: "我的进度" | "My progress";
    visits_open_tasks: "待办：" | "Open: ";
    visits_upcoming: "即将到期" | "Coming up";
    visits_unassigned: "本单位待分配的任务" | "Tasks nobody holds in your unit";
    visits_recent: "我最近的走访" | "My recent visits";
    visits_none: "还没有走访记录。" | "No visits yet.";
    visits_search_label: "查找农户" | "Find a household";
    visits_search_placeholder: "户主、成员姓名或地址" | "Head, member name or address";
    visits_search_button: "查找" | "Search";
    visits_search_results: "查找结果" | "Search results";
    visits_search_none: "没有找到符合的农户。" | "No household matches.";
    visits_my_households: "我结对的农户" | "My paired households";
    visits_record: "记录走访" | "Record visit";
    visits_due: "到期" | "Due";
    visits_overdue: "已逾期" | "Overdue since";
    visits_met: "见到人" | "Met";
    visits_not_met: "未见到人" | "Nobody met";
    visits_back_home: "返回走访首页" | "Back to visits";
    visit_form_title: "记录走访" | "Record a visit";
    visit_form_phone: "电话" | "Phone";
    visit_form_met: "是否见到人" | "Did you meet someone?";
    visit_form_mode: "走访方式" | "How";
    visit_form_attitude: "群众态度" | "The family's attitude";
    visit_form_met_whom: "见到谁" | "Whom you met";
    visit_form_met_whom_hint: "如：户主本人、老伴" | "e.g. the head, his wife";
    visit_form_concerns: "反映的问题（每行一条）" | "Concerns raised (one per line)";
    visit_form_concerns_hint: "没有可不填" | "Leave empty if none";
    visit_form_policies: "宣传的政策" | "Policies explained";
    visit_form_notes: "备注" | "Notes";
    visit_form_at: "走访时间" | "When";
    visit_form_photo: "照片（可选）" | "Photo (optional)";
    visit_form_location: "附上当前位置" | "Add my current location";
    visit_form_submit: "提交走访记录" | "Save the visit";
    visit_form_sending: "正在提交…" | "Sending…";
    visit_form_offline: "网络不通，记录还没有保存。请稍后再点提交，不会重复记录。" | "No connection: the visit is not saved yet. Tap save again later; it will not be recorded twice.";
    visit_recorded: "走访已记录。" | "The visit is recorded.";
    visit_left_open: "走访已记录。未见到人，这项待办保留，请再次走访。" | "The visit is recorded. Nobody was met, so the task stays on your list: please go again.";
    visit_recorded_title: "走访已记录" | "Visit recorded";
    visit_recorded_concerns_hint: "群众反映的问题可以现在转为诉求件：选好类别，内容、农户和地点会自动带入。" | "A concern can become a case now: choose its category; the text, household and place are filled in.";
    visit_recorded_household: "查看这户" | "Open the household";
    visit_recorded_to_cases: "把反映的问题转为诉求件" | "Make the concerns cases";
    visit_recorded_again: "这次走访已经记录过了，没有重复记录。" | "This visit was already recorded; nothing was added.";
    trigger_form_title: "登记必访事项" | "Record a must-visit event";
    trigger_form_kind: "发生了什么" | "What happened";
    trigger_form_occurred_on: "发生日期" | "When it happened";
    trigger_form_note: "情况说明" | "Details";
    trigger_form_submit: "登记并生成走访任务" | "Record and create a visit task";
}

impl Texts {
    /// The per-cadre table of a large campaign lists only the weakest.
    pub fn campaigns_cadres_shown(self, shown: usize, total: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("共 {total} 名干部，这里列出进度最慢的 {shown} 名。"),
            Locale::En => format!("{total} cadres; the {shown} furthest behind are listed."),
        }
    }

    /// A campaign's progress among the cadre's households: `3/12 户已见面`.
    pub fn visits_met_of(self, met: u64, of: u64) -> String {
        match self.0 {
            Locale::ZhCn => format!("{met}/{of} 户已见面"),
            Locale::En => format!("{met} of {of} households met"),
        }
    }

    /// Open tasks of one kind: `走访 12 项`.
    pub fn visits_open_of_kind(self, kind: &str, n: u64) -> String {
        match self.0 {
            Locale::ZhCn => format!("{kind} {n} 项"),
            Locale::En => format!("{kind}: {n}"),
        }
    }

    /// The folded rest of a list.
    pub fn visits_fold_rest(self, n: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("其余 {n} 项"),
            Locale::En => format!("{n} more"),
        }
    }

    pub fn visits_concerns_count(self, n: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("反映问题 {n} 条"),
            Locale::En if n == 1 => "1 concern raised".to_owned(),
            Locale::En => format!("{n} concerns raised"),
        }
    }

    /// Nobody met: when the 补访 is due.
    pub fn visit_follow_up(self, due: &str) -> String {
        match self.0 {
            Locale::ZhCn => format!("已记录。未见到人，已生成补访任务，请在 {due} 前补访。"),
            Locale::En => format!("Recorded. Nobody was met: a follow-up visit is due by {due}."),
        }
    }

    pub fn trigger_form_days(self, days: i32) -> String {
        match self.0 {
            Locale::ZhCn => format!("{days} 天内走访"),
            Locale::En if days == 1 => "visit within 1 day".to_owned(),
            Locale::En => format!("visit within {days} days"),
        }
    }
}
