//! Generated people and places: a small seeded random generator, Chinese names, phones, and
//! the word lists the generators draw from.

use app::households::personal::Phone;
use time::OffsetDateTime;
use uuid::{Builder, Uuid};

pub(super) fn phone(rng: &mut Rng, permille: u32) -> Option<Phone> {
    if !rng.permille(permille) {
        return None;
    }
    let prefix = rng.pick(&[
        "130", "133", "135", "138", "139", "150", "155", "158", "176", "181", "187", "199",
    ]);
    Phone::parse(&format!("{prefix}{:08}", rng.below(100_000_000)))
}

pub(super) fn person_name(rng: &mut Rng, male: bool, born: i32) -> String {
    let surname = rng.pick(SURNAMES);
    format!("{surname}{}", given_name(rng, male, born))
}

pub(super) fn given_name(rng: &mut Rng, male: bool, born: i32) -> &'static str {
    let names = match (male, born < 1980) {
        (true, true) => MALE_OLD,
        (true, false) => MALE_YOUNG,
        (false, true) => FEMALE_OLD,
        (false, false) => FEMALE_YOUNG,
    };
    names[rng.below(names.len())]
}

pub(super) fn township_name(k: usize, code: u32) -> String {
    let base = TOWNSHIPS[k % TOWNSHIPS.len()];
    let round = k / TOWNSHIPS.len();
    let kind = if code < 200 { "镇" } else { "乡" };
    match round {
        0 => format!("{base}{kind}"),
        r => format!("{base}{}{kind}", NUMERALS[r.min(NUMERALS.len() - 1)]),
    }
}

pub(super) fn village_name(rng: &mut Rng) -> String {
    let place = rng.pick(PLACE_SURNAMES);
    match rng.below(10) {
        0..3 => format!(
            "{}{place}{}村",
            rng.pick(DIRECTIONS),
            rng.pick(VILLAGE_ENDINGS)
        ),
        3..5 => format!(
            "{place}家{}村",
            rng.pick(&["庄", "营", "屯", "寨", "店", "堡", "洼", "坡"])
        ),
        _ => format!("{place}{}村", rng.pick(VILLAGE_ENDINGS)),
    }
}

/// SplitMix64: small, fast and the same on every machine, so a seed always gives one county.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(super) fn permille(&mut self, p: u32) -> bool {
        self.next() % 1000 < u64::from(p)
    }

    /// One of `items`, which is never empty here.
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub(super) fn v4(&mut self) -> Uuid {
        let bytes = (u128::from(self.next()) << 64 | u128::from(self.next())).to_be_bytes();
        Builder::from_random_bytes(bytes).into_uuid()
    }

    /// A version-7 id of the moment `at`: ids sort as the records were made.
    pub(super) fn v7_at(&mut self, at: OffsetDateTime) -> Uuid {
        let millis = (at.unix_timestamp_nanos() / 1_000_000).max(0) as u64;
        let random = (u128::from(self.next()) << 64 | u128::from(self.next())).to_be_bytes();
        let mut tail = [0u8; 10];
        tail.copy_from_slice(&random[..10]);
        Builder::from_unix_timestamp_millis(millis, &tail).into_uuid()
    }
}

pub(super) const NUMERALS: &[&str] = &[
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
];

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
    "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛",
    "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜", "范", "方", "石", "姚",
    "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史",
    "顾", "侯", "邵", "孟", "龙", "万", "段", "雷", "钱", "汤", "尹", "黎", "易", "常", "武", "乔",
    "贺", "赖", "龚", "文",
];

pub(super) const MALE_OLD: &[&str] = &[
    "建国", "建军", "志强", "国华", "德福", "海军", "春生", "保山", "文明", "立新", "卫东", "振华",
    "永刚", "明辉", "学军", "红军", "国强", "建平", "长顺", "金锁", "福林", "庆丰", "树森", "玉山",
    "根生", "满仓", "铁柱", "守义", "凤岐", "连喜", "广田", "宝林", "军", "强", "勇", "伟",
];

pub(super) const MALE_YOUNG: &[&str] = &[
    "子豪", "浩然", "宇航", "俊杰", "博文", "梓轩", "一鸣", "天佑", "昊天", "睿", "鹏", "磊", "涛",
    "斌", "超", "杰", "晨阳", "家乐", "嘉伟", "思远", "志鹏", "明轩", "宇", "辰",
];

pub(super) const FEMALE_OLD: &[&str] = &[
    "秀英", "桂兰", "玉梅", "淑珍", "丽娟", "金凤", "红霞", "秀兰", "桂英", "凤兰", "丽华", "春梅",
    "海燕", "玉兰", "素珍", "翠花", "凤英", "秀云", "兰英", "淑兰", "月娥", "巧云", "丽", "芳",
];

pub(super) const FEMALE_YOUNG: &[&str] = &[
    "欣怡", "雨涵", "梓涵", "诗琪", "子涵", "佳怡", "思雨", "可馨", "晓燕", "静", "敏", "婷", "雪",
    "颖", "悦", "佳琪", "梦瑶", "雨欣", "婉清", "语嫣", "丹", "倩", "璐", "琳",
];

pub(super) const TOWNSHIPS: &[&str] = &[
    "永安", "兴隆", "太平", "长乐", "东升", "和平", "富民", "新民", "红旗", "柳河", "石桥", "黄庄",
    "杨屯", "北辛", "南高", "西兴", "东阳", "大河", "金台", "槐荫",
];

pub(super) const PLACE_SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "周", "吴", "孙", "马", "朱", "胡", "郭", "何", "高",
    "梁", "宋", "郑", "韩", "冯", "董", "曹", "袁", "许", "田", "任", "石", "崔", "康", "侯", "孟",
];

pub(super) const DIRECTIONS: &[&str] =
    &["东", "西", "南", "北", "前", "后", "大", "小", "上", "下"];

pub(super) const VILLAGE_ENDINGS: &[&str] = &[
    "庄", "村", "营", "屯", "寨", "店", "堡", "桥", "河", "岗", "口", "洼",
];

pub(super) const MET_WHOM: &[&str] = &[
    "户主", "户主", "户主", "户主", "配偶", "配偶", "子女", "父母",
];

pub(super) const NOTES_MET: &[&str] = &[
    "家中情况稳定",
    "宣传了医保缴费政策",
    "老人身体尚可，叮嘱冬季注意保暖",
    "了解了春耕备耕情况",
    "讲解了防诈骗知识",
    "家中有人外出务工，收入稳定",
    "提醒按时参加村民代表会议",
    "孩子在县城上学，生活正常",
];

pub(super) const NOTES_NOT_MET: &[&str] = &[
    "家中无人",
    "外出务工",
    "大门上锁，已电话联系未接通",
    "下地干活未归",
];

pub(super) const CONCERNS: &[&str] = &[
    "村口路灯不亮，晚上出行不便",
    "希望帮忙申请危房改造",
    "医保报销比例不清楚，希望有人讲解",
    "孩子上学路远，交通不便",
    "灌溉用水紧张，机井需要维修",
    "与邻居宅基地边界有纠纷",
    "低保资格复核一直没有结果",
    "希望村里组织就业技能培训",
    "自来水水压低，时常停水",
    "垃圾清运不及时",
    "老人行动不便，希望提供上门服务",
    "道路坑洼，雨天积水",
];
