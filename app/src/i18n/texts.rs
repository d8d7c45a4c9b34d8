//! Every UI message, in zh-CN and English side by side. Add a line here, then call it as
//! `t.key()`; a message missing in either language does not compile.

use super::{Locale, Texts};

macro_rules! texts {
    ($($key:ident: $zh:literal | $en:literal;)*) => {
        impl Texts {
            $(
                pub const fn $key(self) -> &'static str {
                    match self.0 {
                        Locale::ZhCn => $zh,
                        Locale::En => $en,
                    }
                }
            )*
        }

        #[cfg(test)]
        pub(super) const ALL: &[(&str, &str, &str)] = &[$((stringify!($key), $zh, $en)),*];
    };
}

texts! {
    // The shell
    app_name: "民情" | "Minqing";
    app_tagline: "群众工作与满意度管理平台" | "Mass work and public satisfaction";
    skip_to_content: "跳到正文" | "Skip to content";
    nav_home: "首页" | "Home";
    nav_sign_in: "登录" | "Sign in";
    language: "语言" | "Language";
    footer_note: "民情 · 让事事有回音、件件有着落" | "Minqing · every matter gets an echo, every case a landing";

    // Landing page
    landing_title: "用心听民声，用情解民忧" | "Listen to residents, solve their problems";
    landing_lead: "走访入户、诉求闭环、政策宣传与满意度测评，一个平台贯通县、乡、村三级。"
        | "Household visits, the grievance loop, publicity and satisfaction surveys: one platform from county to village.";
    landing_feature_visits: "走访入户" | "Household visits";
    landing_feature_visits_text: "带着名单入户，全覆盖、不漏户。" | "Visit every household with the name list.";
    landing_feature_grievances: "诉求闭环" | "Grievance loop";
    landing_feature_grievances_text: "分类归口、限时办理、回访销号。" | "Routed, handled on time, followed up, closed.";
    landing_feature_publicity: "政策宣传" | "Publicity";
    landing_feature_publicity_text: "政策讲到家门口，成效晒在群众眼前。" | "Policy and results, in every resident's hands.";
    landing_feature_assessments: "满意度测评" | "Satisfaction surveys";
    landing_feature_assessments_text: "模拟测评、找准短板、持续提升。" | "Mock surveys that find weak spots early.";
    counties_heading: "已开通的区县" | "Counties on this platform";
    counties_search_label: "查找区县" | "Find a county";
    counties_search_placeholder: "输入名称或区划代码" | "Name or division code";
    counties_search_submit: "查找" | "Search";
    counties_none: "没有找到符合条件的区县。" | "No county matches.";
    counties_empty: "本平台尚未开通任何区县。" | "No county has been set up on this platform yet.";
    county_code: "区划代码" | "Division code";
    county_sign_in: "进入登录" | "Sign in here";

    // Sign-in page
    sign_in_title: "登录" | "Sign in";
    sign_in_lead: "请选择您所在的区县，并使用单位分配的账号登录。" | "Choose your county and sign in with the account your office gave you.";
    sign_in_county: "区县" | "County";
    sign_in_county_choose: "请选择区县" | "Choose a county";
    sign_in_username: "用户名" | "Username";
    sign_in_password: "密码" | "Password";
    sign_in_submit: "登录" | "Sign in";
    sign_in_platform_hint: "平台运维和省市用户无需选择区县。" | "Platform and province users leave the county empty.";
    sign_in_error_missing: "请填写用户名和密码。" | "Please enter your username and password.";
    sign_in_error_credentials: "用户名或密码错误。" | "Wrong username or password.";

    // Errors
    not_found_title: "页面不存在" | "Page not found";
    not_found_text: "您访问的页面不存在或已被移除。" | "The page you asked for does not exist or was removed.";
    back_home: "返回首页" | "Back to the home page";
    load_error: "数据加载失败，请稍后重试。" | "Could not load the data. Please try again later.";
}

impl Texts {
    pub fn counties_found(self, n: usize) -> String {
        match self.0 {
            Locale::ZhCn => format!("共 {n} 个区县"),
            Locale::En if n == 1 => "1 county".to_owned(),
            Locale::En => format!("{n} counties"),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_message_is_written_in_both_languages() {
        for (key, zh, en) in super::ALL {
            assert!(!zh.trim().is_empty(), "{key} has no zh-CN text");
            assert!(!en.trim().is_empty(), "{key} has no English text");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{key}: the zh-CN text has no Chinese in it"
            );
        }
    }
}
