//! The grievance screens' and the resident's public pages' words, zh-CN and English side by side (the mechanism: `crate::i18n`).

use crate::i18n::{Locale, Texts};

crate::i18n::texts! {
    // Grievances: the closed sets
    channel_visit: "走访发现" | "Found on a visit";
    channel_walk_in: "来访" | "Walk-in";
    channel_letter: "来信" | "Letter";
    channel_phone: "电话/12345" | "Phone / 12345";
    channel_online: "网上" | "Online";
    channel_resident: "群众自报" | "Resident's own report";
    status_registered: "待受理" | "Awaiting acceptance";
    status_not_accepted: "不予受理" | "Not accepted";
    status_accepted: "已受理待交办" | "Accepted, to assign";
    status_assigned: "已交办" | "Assigned";
    status_in_progress: "办理中" | "In progress";
    status_replied: "已答复待回访" | "Replied, to follow up";
    status_followed_up: "已回访待销号" | "Followed up, to close";
    status_closed: "已办结" | "Closed";
    urgency_normal: "一般" | "Normal";
    urgency_urgent: "紧急" | "Urgent";
    urgency_critical: "特急" | "Critical";
    satisfaction_satisfied: "满意" | "Satisfied";
    satisfaction_fair: "基本满意" | "Fairly satisfied";
    satisfaction_dissatisfied: "不满意" | "Dissatisfied";
    extension_requested: "延期待审批" | "Extension requested";
    extension_approved: "已批准延期" | "Extension approved";
    extension_refused: "延期未批准" | "Extension refused";
    event_registered: "登记" | "Registered";
    event_accepted: "受理" | "Accepted";
    event_not_accepted: "不予受理" | "Not accepted";
    event_assigned: "交办" | "Assigned";
    event_started: "签收办理" | "Taken up";
    event_returned: "退回交办" | "Returned as misrouted";
    event_replied: "答复群众" | "Replied to the resident";
    event_followed_up: "回访" | "Followed up";
    event_redo: "回访不满意，重办" | "Dissatisfied at follow-up: redo";
    event_closed: "销号办结" | "Closed";
    event_extension_asked: "申请延期" | "Extension asked";
    event_extension_granted: "批准延期" | "Extension granted";
    event_extension_refused: "不批准延期" | "Extension refused";
    event_note: "备注" | "Note";
    event_supervised: "督办" | "Supervised";
    event_leader_named: "领导包案" | "Leader made responsible";
    event_due_soon: "即将到期提醒" | "Due soon";
    event_overdue: "已超期" | "Overdue";
    track_registered: "您反映的问题已登记。" | "Your report has been registered.";
    track_accepted: "已受理，正在安排办理单位。" | "Accepted; a handling unit is being chosen.";
    track_not_accepted: "不予受理，原因见下方说明。" | "Not accepted; see the explanation below.";
    track_assigned: "已交由责任单位办理。" | "Passed to the responsible unit.";
    track_started: "责任单位正在办理。" | "The responsible unit is working on it.";
    track_replied: "已答复，请查看答复并评价。" | "Answered: read the reply and rate it.";
    track_followed_up: "已回访。" | "Followed up.";
    track_reply_by: "预计答复" | "Expected answer";
    track_redo: "您对答复不满意，已重新办理。" | "You were not satisfied; the case is being handled again.";
    track_closed: "已办结。" | "Closed.";
    inbox_new: "新件待受理" | "New case to decide";
    inbox_assigned: "交办给本单位" | "Assigned to your unit";
    inbox_returned: "被退回，需重新交办" | "Returned: assign again";
    inbox_redo: "回访不满意，需重办" | "Dissatisfied: handle again";
    inbox_extension: "延期申请待审批" | "Extension to decide";
    inbox_supervised: "领导督办" | "Supervised by a leader";
    inbox_due_soon: "即将到期" | "Due soon";
    inbox_overdue: "已超期" | "Overdue";
    inbox_escalated: "超期升级督办" | "Overdue: escalated";
    grievance_ledger_sheet: "问题台账" | "Grievance ledger";
    grievance_col_code: "编号" | "Code";
    grievance_col_received: "登记时间" | "Received";
    grievance_col_channel: "来源渠道" | "Channel";
    grievance_col_category: "问题类别" | "Category";
    grievance_col_place: "发生地" | "Place";
    grievance_col_reporter: "反映人" | "Reporter";
    grievance_col_phone: "联系电话" | "Phone";
    grievance_col_description: "反映内容" | "Description";
    grievance_col_status: "办理状态" | "Status";
    grievance_col_urgency: "紧急程度" | "Urgency";
    grievance_col_lead: "主办单位" | "Lead unit";
    grievance_col_due: "办理期限" | "Due";
    grievance_col_reply: "答复内容" | "Reply";
    grievance_col_satisfaction: "回访结果" | "Follow-up";
    grievance_col_redo: "重办次数" | "Redos";
    grievance_col_repeat: "重复件" | "Repeat";
    grievance_col_overdue: "超期" | "Overdue";
    grievance_col_closed: "办结时间" | "Closed";

    // The resident's public pages
    county_report: "反映问题" | "Report a problem";
    county_track: "查询进度" | "Track a case";
    report_title: "反映问题" | "Report a problem";
    report_lead: "请如实填写。提交后您会得到一个查询码，凭查询码和手机号后四位可以随时查询办理进度、查看答复并评价。"
        | "Please describe it truthfully. You will get a tracking code: with it and the last four digits of your phone you can follow the case, read the reply and rate it.";
    report_name: "您的姓名" | "Your name";
    report_phone: "手机号码" | "Mobile phone";
    report_phone_hint: "只用于工作人员联系您和您查询进度，不会公开。" | "Only for staff to reach you and for you to track the case; never made public.";
    report_place: "问题发生地" | "Where it happened";
    report_place_choose: "请选择乡镇或村（社区）" | "Choose a township or village";
    report_category: "问题类别" | "Kind of problem";
    report_category_choose: "请选择类别" | "Choose a kind";
    report_description: "具体情况" | "What happened";
    report_files: "照片或 PDF（可不传；最多 5 个，每个不超过 10 MB）" | "Photos or PDFs (optional; up to 5, at most 10 MB each)";
    report_answer: "验证题：请计算" | "Check: please work out";
    report_submit: "提交" | "Send";
    report_track_link: "已经反映过？查询办理进度" | "Reported before? Track your case";
    report_done_title: "提交成功" | "Sent";
    report_done_code: "您的查询码" | "Your tracking code";
    report_done_text: "请记下查询码。凭查询码和手机号后四位，可以随时查询办理进度、查看答复并评价。"
        | "Write the code down. With it and the last four digits of your phone you can follow the case, read the reply and rate it.";
    report_done_track: "查询办理进度" | "Track this case";
    report_done_again: "再反映一个问题" | "Report another problem";
    track_title: "查询办理进度" | "Track your case";
    track_lead: "请输入提交时得到的查询码和手机号码后四位。" | "Enter the tracking code you were given and the last four digits of your phone.";
    track_code: "查询码" | "Tracking code";
    track_phone_last4: "手机号后四位" | "Last 4 digits of the phone";
    track_submit: "查询" | "Look up";
    track_not_found: "没有查到：请核对查询码和手机号后四位。" | "Nothing found: check the code and the four digits.";
    track_received: "提交时间" | "Sent";
    track_progress: "办理进度" | "Progress";
    track_reply: "答复" | "Reply";
    track_rate_title: "您对答复满意吗？" | "Are you satisfied with the reply?";
    track_comment: "想说的话（可不填）" | "Anything to add (optional)";
    track_rate_submit: "提交评价" | "Send my rating";
    track_your_rating: "您的评价" | "Your rating";
    track_report_link: "反映新问题" | "Report a new problem";
    notice_rated: "感谢您的评价。" | "Thank you for your rating.";
    error_too_many: "尝试次数过多，请稍后再试。" | "Too many attempts; please try again later.";

    // Grievances: the staff screens
    tile_grievances: "问题台账" | "Grievance ledger";
    tile_grievances_text: "诉求登记、交办、办理、回访、销号" | "Register, assign, handle, follow up, close";
    tile_grievance_new: "登记诉求" | "Register a case";
    tile_grievance_new_text: "来访、来信、电话/12345、网上" | "Walk-in, letter, phone / 12345, online";
    tile_grievance_stats: "单位办理统计" | "Unit statistics";
    tile_grievance_stats_text: "按时受理、办结、满意率、黄牌" | "On time, satisfaction, yellow cards";
    tile_grievance_settings: "诉求设置" | "Grievance settings";
    tile_grievance_settings_text: "问题类别、办理期限、归口规则" | "Categories, deadlines, routing";
    tile_security_settings: "安全设置" | "Security settings";
    tile_security_settings_text: "两步验证的适用角色和宽限期" | "Who must use two-step verification";
    workbench_inbox: "诉求待办：即将到期、已超期、督办和新交办的案件。" | "Grievance tasks: due soon, overdue, supervised and newly assigned cases.";
    workbench_open_inbox: "打开诉求待办" | "Open grievance tasks";
    gv_ledger_title: "问题台账" | "Grievance ledger";
    gv_new: "登记诉求" | "Register a case";
    gv_export: "导出 Excel" | "Export to Excel";
    gv_filter_status: "状态" | "Status";
    gv_filter_category: "类别" | "Category";
    gv_filter_unit: "办理单位" | "Handling unit";
    gv_filter_channel: "来源" | "Channel";
    gv_filter_urgency: "紧急程度" | "Urgency";
    gv_filter_place: "发生地" | "Place";
    gv_filter_from: "登记日期从" | "Received from";
    gv_filter_until: "至" | "until";
    gv_filter_code: "编号" | "Code";
    gv_filter_overdue: "只看超期" | "Overdue only";
    gv_filter_repeat: "只看重复件" | "Repeats only";
    gv_filter_supervised: "只看督办件" | "Supervised only";
    gv_filter_submit: "筛选" | "Filter";
    gv_all: "全部" | "All";
    gv_none: "没有符合条件的案件。" | "No case matches.";
    gv_col_summary: "反映内容" | "Description";
    gv_flag_overdue: "已超期" | "Overdue";
    gv_flag_soon: "即将到期" | "Due soon";
    gv_flag_repeat: "重复件" | "Repeat";
    gv_flag_supervised: "督办" | "Supervised";
    gv_flag_redo: "重办" | "Redo";
    gv_next_page: "下一页" | "Next page";
    gv_back: "返回问题台账" | "Back to the ledger";
    gv_case_title: "诉求件" | "Case";
    gv_facts: "基本情况" | "Facts";
    gv_reporter: "反映人" | "Reporter";
    gv_phone: "联系电话" | "Phone";
    gv_reveal: "查看" | "Show";
    gv_revealed_hint: "已记入审计日志。离开本页后号码不再显示。" | "Recorded in the audit log. The number is not shown again once you leave this page.";
    gv_household: "关联户" | "Household";
    gv_open_household: "查看户籍" | "Open the household";
    gv_lead: "主办单位" | "Lead unit";
    gv_co: "协办单位" | "Co-handling units";
    gv_accept_due: "受理期限" | "Decide by";
    gv_handle_due: "办理期限" | "Handle by";
    gv_extension: "延期" | "Extension";
    gv_extension_days: "天" | "days";
    gv_repeat_of: "重复于" | "Repeats";
    gv_leader: "包案领导" | "Responsible leader";
    gv_reply: "答复内容" | "Reply";
    gv_satisfaction: "回访结果" | "Follow-up";
    gv_timeline: "办理过程" | "Timeline";
    gv_attachments: "附件" | "Attachments";
    gv_no_attachments: "没有附件。" | "No attachments.";
    gv_actions: "办理" | "Act on this case";
    gv_no_actions: "您现在不能对本件进行操作。" | "There is nothing you can do on this case now.";
    gv_cmd_accept: "受理" | "Accept";
    gv_cmd_reject: "不予受理" | "Do not accept";
    gv_cmd_assign: "交办" | "Assign";
    gv_cmd_start: "签收办理" | "Take it up";
    gv_cmd_return: "退回（交办有误）" | "Return as misrouted";
    gv_cmd_reply: "答复群众" | "Reply to the resident";
    gv_cmd_follow_up: "回访" | "Follow up";
    gv_cmd_close: "销号办结" | "Close";
    gv_cmd_request_extension: "申请延期" | "Ask for an extension";
    gv_cmd_decide_extension: "审批延期" | "Decide the extension";
    gv_cmd_note: "添加备注" | "Add a note";
    gv_cmd_supervise: "督办" | "Supervise";
    gv_cmd_name_leader: "领导包案" | "Name a responsible leader";
    gv_field_reason: "理由" | "Reason";
    gv_field_reason_resident: "不予受理的理由（群众可见）" | "Reason (the resident reads it)";
    gv_field_reply: "答复内容（写给群众）" | "Reply (written for the resident)";
    gv_field_note: "说明" | "Note";
    gv_field_days: "延期天数（最多 30 天）" | "Days (30 at most)";
    gv_field_lead: "主办单位" | "Lead unit";
    gv_field_lead_hint: "已按归口规则预选建议的主办单位。" | "The unit the routing rules suggest is chosen.";
    gv_field_co: "协办单位（可多选）" | "Co-handling units (any number)";
    gv_field_leader: "包案领导" | "Leader";
    gv_approve: "批准" | "Approve";
    gv_refuse: "不批准" | "Refuse";
    gv_field_channel: "来源渠道" | "Channel";
    gv_field_reporter_name: "反映人姓名" | "Reporter's name";
    gv_field_reporter_phone: "联系电话" | "Phone";
    gv_field_place: "发生地（村、乡镇）" | "Place (village or township)";
    gv_field_category: "问题类别" | "Category";
    gv_field_urgency: "紧急程度" | "Urgency";
    gv_field_description: "反映内容" | "What the resident reports";
    gv_field_files: "附件（照片或 PDF，最多 5 个，每个不超过 10 MB）" | "Attachments (photos or PDF, up to 5, 10 MB each)";
    gv_form_kept_hint: "如果提交未成功，填写的内容和附件会保留 10 分钟，改正后再次提交即可。" | "If the form comes back, what you entered and the files are kept for 10 minutes: correct it and send it again.";
    gv_kept_files: "已保留的附件" | "Files kept from your last try";
    gv_kept_files_hint: "取消勾选的附件不再附上；也可以再选新的附件。" | "Untick a file to leave it out; you can also add new ones.";
    gv_register_submit: "登记" | "Register";
    gv_for_household: "关联户：" | "For the household: ";
    gv_from_concern: "转为诉求件" | "Make it a case";
    gv_concern_case: "已转诉求件" | "Case opened";
    gv_inbox_title: "诉求待办" | "Grievance tasks";
    gv_inbox_none: "待办箱是空的。" | "Nothing in the inbox.";
    gv_inbox_read_all: "全部标为已读" | "Mark all read";
    gv_inbox_unread: "未读" | "Unread";
    gv_stats_title: "单位办理统计" | "Unit statistics";
    gv_stats_from: "登记日期从" | "Received from";
    gv_stats_until: "至" | "until";
    gv_stats_submit: "统计" | "Count";
    gv_stats_unit: "单位" | "Unit";
    gv_stats_received: "收件" | "Received";
    gv_stats_accepted_on_time: "按时受理率" | "Decided on time";
    gv_stats_closed_on_time: "按时办结率" | "Closed on time";
    gv_stats_satisfaction: "回访满意率" | "Satisfied at follow-up";
    gv_stats_redo: "重办率" | "Redo rate";
    gv_stats_repeat: "重复件率" | "Repeat rate";
    gv_stats_overdue: "当前超期" | "Overdue now";
    gv_stats_cards: "黄牌" | "Yellow cards";
    gv_stats_none: "没有可统计的单位。" | "No unit to count.";
    gv_stats_hint: "比率以本期登记的案件计；“—”表示没有可计算的案件。" | "Rates count the cases received in the period; “—” means nothing to count.";
    gv_card_title: "黄牌警告" | "Yellow card";
    gv_cards_issued: "本期已发出的黄牌" | "Yellow cards issued in the period";
    gv_own_cards: "本单位近30天收到黄牌警告" | "Your unit received a yellow card in the last 30 days";
    gv_card_unit: "被警告单位" | "Unit";
    gv_card_reason: "事由" | "Reason";
    gv_card_submit: "发出黄牌" | "Issue the yellow card";
    gv_settings_title: "诉求设置" | "Grievance settings";
    gv_settings_categories: "问题类别与办理期限" | "Categories and deadlines";
    gv_settings_categories_hint: "期限按天计：受理期限从登记起算，办理期限从受理起算（信访工作条例：15 天、60 天）。" | "Deadlines in days: deciding from registration, handling from acceptance (the regulation says 15 and 60).";
    gv_settings_col_name: "名称" | "Name";
    gv_settings_col_accept: "受理天数" | "Days to decide";
    gv_settings_col_handle: "办理天数" | "Days to handle";
    gv_settings_col_active: "启用" | "In use";
    gv_settings_parent: "上级类别" | "Parent";
    gv_settings_top: "（一级类别）" | "(top level)";
    gv_settings_add: "新增类别" | "Add a category";
    gv_settings_save: "保存" | "Save";
    gv_settings_rules: "归口规则" | "Routing rules";
    gv_settings_rules_hint: "类别交由哪个县直部门主办；未设规则的，由发生地所在乡镇主办。子类别未设时沿用上级。" | "Which department leads a category; without a rule the place's township leads. A subcategory without its own rule follows its parent.";
    gv_settings_no_rule: "（无规则）" | "(no rule)";
    gv_settings_general: "其他设置" | "Other settings";
    gv_settings_repeat_days: "重复件判定天数" | "Repeat window (days)";
    gv_settings_soon_days: "到期前几天提醒" | "Warn this many days before a deadline";
    notice_case_registered: "已登记。" | "Registered.";
    notice_case_updated: "已办理，案件已更新。" | "Done; the case is updated.";
    notice_case_returned: "已退回交办单位。" | "Returned to the dispatcher.";
    notice_inbox_read: "待办已全部标为已读。" | "Everything is marked read.";
    notice_yellow_card: "黄牌已发出。" | "The yellow card was issued.";
    notice_second_factor_disabled: "两步验证已关闭。" | "Two-step verification is off.";
    notice_second_factor_reset: "已重置该账号的两步验证，对方下次登录时需重新设置。" | "Two-step verification was reset; the account sets it up again at its next sign-in.";
}

impl Texts {
    /// The latest date the reporter's answer is due.
    pub fn track_reply_by_date(self, date: &str) -> String {
        match self.0 {
            Locale::ZhCn => format!("最迟 {date} 前"),
            Locale::En => format!("by {date} at the latest"),
        }
    }

    /// The unread count on the workbench.
    pub fn gv_inbox_unread_count(self, n: u64) -> String {
        match self.0 {
            Locale::ZhCn => format!("{n} 条未读"),
            Locale::En => format!("{n} unread"),
        }
    }
}
