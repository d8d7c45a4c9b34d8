//! The imports' and exports' words, zh-CN and English side by side (the mechanism: `crate::i18n`).

use crate::i18n::{Locale, Texts};

crate::i18n::texts! {
    // Imports
    imports_title: "批量导入" | "Imports";
    imports_lead: "先下载模板填写，上传后系统逐行检查并给出预览，确认无误再导入。有任何错误时不会写入任何数据；重复导入同一表格不会产生重复。" | "Fill in a template and upload it: every row is checked and previewed before anything is written. A sheet with any problem writes nothing; importing the same sheet again changes nothing.";
    imports_kind: "导入内容" | "What to import";
    imports_kind_org: "乡镇（街道）和村（社区）" | "Townships and villages";
    imports_kind_departments: "县直部门" | "Departments";
    imports_kind_users: "用户账号" | "User accounts";
    imports_file: "表格文件（xlsx 或 csv；户籍表不超过40 MB，其他不超过10 MB）" | "Sheet (xlsx or csv; at most 40 MB for households, 10 MB otherwise)";
    imports_password: "初始密码（用户导入时，表格未填写密码的账号使用此密码）" | "Initial password (users: for rows without their own)";
    imports_password_hint: "导入的账号首次登录时都必须修改密码。" | "Every imported account must change its password at first sign-in.";
    imports_upload: "上传并检查" | "Upload and check";
    imports_templates: "下载模板" | "Templates";
    imports_recent: "最近的导入" | "Recent imports";
    imports_none: "还没有导入记录。" | "No imports yet.";
    imports_file_name: "文件" | "File";
    imports_rows: "行数" | "Rows";
    imports_status: "状态" | "Status";
    imports_uploaded: "上传时间" | "Uploaded";
    imports_status_checking: "正在检查" | "Checking";
    imports_status_invalid: "有错误" | "Has problems";
    imports_status_ready: "待确认导入" | "Ready to apply";
    imports_status_applying: "正在导入" | "Applying";
    imports_status_applied: "已导入" | "Applied";
    imports_status_failed: "未完成" | "Did not finish";
    imports_checking_text: "正在逐行检查，请稍候，本页会自动刷新。" | "Checking every row; this page refreshes by itself.";
    imports_applying_text: "正在写入，请稍候，本页会自动刷新。全部成功才会生效。" | "Writing; this page refreshes by itself. It takes effect only if all of it succeeds.";
    imports_col_kind: "类型" | "Type";
    imports_col_parent: "上级单位" | "Parent";
    imports_templates_hint: "先下载模板，按模板填好后再上传。" | "Download a template first, fill it in, then upload it.";
    imports_problems: "发现以下问题，未写入任何数据。请修改表格后重新上传。" | "These problems were found; nothing was written. Fix the sheet and upload it again.";
    imports_row: "行" | "Row";
    imports_column: "列" | "Column";
    imports_problem: "问题" | "Problem";
    imports_preview: "检查通过。确认后将一次性导入：" | "All rows passed. Applying will write, all at once:";
    imports_applied: "导入完成：" | "Import finished:";
    imports_change_add: "新增" | "Add";
    imports_change_change: "修改" | "Change";
    imports_before: "原为" | "Was";
    imports_col_change: "变更" | "Change";
    imports_col_key: "代码或用户名" | "Code or username";
    imports_col_name: "名称或姓名" | "Name";
    imports_apply: "确认导入" | "Apply";
    imports_again: "再导入一个表格" | "Import another sheet";
    imports_failed_text: "导入因服务器出错或重启而中断，没有写入任何数据。请重新上传。" | "The import was cut off by a server error or restart; nothing was written. Please upload it again.";
    imports_passwords_ignored: "以下行是已有账号，表格中的密码已忽略（不会修改已有账号的密码）：" | "These rows are existing accounts; their password cells were ignored (imports never change passwords):";

    // Household import and ledger exports
    imports_kind_households: "户籍台账（户和家庭成员）" | "Households and their members";
    export_households_sheet: "户籍台账" | "Households";
    export_households_file: "户籍台账" | "Household registry";
    export_col_township: "所属乡镇（街道）" | "Township (street)";
    export_col_village: "所属村（社区）" | "Village (community)";
    ledger_sheet: "走访台账" | "Visit ledger";
    ledger_file: "走访台账" | "Visit ledger";
    ledger_col_time: "走访时间" | "Visited at";
    ledger_col_township: "乡镇" | "Township";
    ledger_col_village: "村" | "Village";
    ledger_col_head: "户主" | "Head of household";
    ledger_col_house: "组/门牌" | "Group / house";
    ledger_col_visitor: "走访人" | "Visitor";
    ledger_col_mode: "方式" | "Mode";
    ledger_col_met: "是否见面" | "Met";
    ledger_col_met_whom: "见到谁" | "Met whom";
    ledger_col_attitude: "群众态度" | "Attitude";
    ledger_col_concerns: "反映问题" | "Concerns raised";
    ledger_col_policies: "宣传政策" | "Policies explained";
    ledger_col_notes: "备注" | "Notes";
    ledger_col_campaign: "活动" | "Campaign";
    ledger_yes: "是" | "Yes";
    ledger_no: "否" | "No";
}

impl Texts {
    /// "新增 3 · 修改 1 · 不变 20"
    pub fn imports_counts(self, add: usize, change: usize, unchanged: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("新增 {add} · 修改 {change} · 不变 {unchanged}"),
            Locale::En => format!("{add} to add · {change} to change · {unchanged} unchanged"),
        }
    }

    pub fn imports_more_problems(self, shown: usize, total: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("共 {total} 处问题，这里列出前 {shown} 处。"),
            Locale::En => format!("{total} problems; the first {shown} are listed."),
        }
    }
}
