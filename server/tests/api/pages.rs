use crate::helpers::spawn_app;

#[tokio::test]
async fn the_landing_page_lists_the_demo_counties_in_chinese() {
    let app = spawn_app().await;
    let html = app.get_html("/").await;
    assert!(html.contains(r#"<html lang="zh-CN""#), "zh-CN by default");
    assert!(html.contains("用心听民声"));
    for county in ["正定县", "平山县", "赞皇县"] {
        assert!(html.contains(county), "{county} is listed");
    }
    assert!(html.contains("/sign-in?county=130123"));
    assert!(html.contains("共 3 个区县"));
}

#[tokio::test]
async fn the_language_cookie_switches_to_english() {
    let app = spawn_app().await;
    let html = app
        .client
        .get(app.url("/"))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("Listen to residents"));
    assert!(html.contains("3 counties"));
    assert!(!html.contains("用心听民声"));
}

#[tokio::test]
async fn search_filters_on_the_server_without_javascript() {
    let app = spawn_app().await;
    let html = app.get_html("/?q=%E5%B9%B3%E5%B1%B1").await; // 平山
    // Every county is rendered (so the island can reveal it again); non-matches are hidden.
    assert!(html.contains(r#"<li data-code="130131""#), "平山县 shown");
    assert!(
        html.contains(r#"<li hidden data-code="130123""#),
        "正定县 hidden"
    );
    assert!(
        html.contains(r#"<li hidden data-code="130129""#),
        "赞皇县 hidden"
    );
    assert!(html.contains("共 1 个区县"));

    let html = app.get_html("/?q=999").await;
    assert!(html.contains("没有找到符合条件的区县"));
}

/// Whether a page loads the browser bundle: its module script or any `/pkg/` file.
fn loads_bundle(html: &str) -> bool {
    html.contains("/pkg/") || html.contains(r#"type="module""#)
}

#[tokio::test]
async fn only_pages_with_islands_load_the_bundle() {
    let app = spawn_app().await;
    // The public pages and the village cadre's carry no WASM at all.
    let mut public = vec!["/", "/?q=平山", "/sign-in", "/no/such/page"];
    let county = ["/c/130123/report", "/c/130123/track"];
    public.extend(county);
    for path in public {
        let response = app.get(path).await;
        let html = response.text().await.unwrap();
        assert!(!loads_bundle(&html), "{path} loads the bundle");
        assert!(!html.contains("<leptos-island"), "{path} holds an island");
    }
    let cadre = app.login(Some("130123"), "cadre").await.access;
    let (_, households) = app
        .api(reqwest::Method::GET, "/households?limit=1", &cadre, None)
        .await;
    let h = households["items"][0]["id"].as_str().unwrap().to_owned();
    for path in [
        "/".to_owned(),
        "/visits".to_owned(),
        format!("/visits/new?household={h}"),
        "/visits/trigger".to_owned(),
        format!("/households/{h}"),
        "/households".to_owned(),
        "/grievances".to_owned(),
        "/grievances/new".to_owned(),
        "/inbox".to_owned(),
        "/account".to_owned(),
    ] {
        let html = crate::helpers::html(&app, &cadre, &path).await;
        assert!(!loads_bundle(&html), "{path} loads the bundle");
    }
    // Staff pages load it exactly when they hold an island (`shell::ISLAND_PAGES`).
    let admin = app.login(Some("130123"), "admin").await.access;
    for path in [
        "/",
        "/org",
        "/users",
        "/imports",
        "/households",
        "/campaigns",
        "/grievances",
        "/grievances/stats",
        "/settings/grievances",
        "/settings/visits",
    ] {
        let html = crate::helpers::html(&app, &admin, path).await;
        let islands = html.contains("<leptos-island");
        assert_eq!(loads_bundle(&html), islands, "{path}: islands {islands}");
        assert_eq!(
            app::shell::carries_islands(app::shell::ISLAND_PAGES, path),
            islands,
            "{path} is listed exactly when it holds an island"
        );
    }
}

#[tokio::test]
async fn the_sign_in_page_preselects_the_chosen_county() {
    let app = spawn_app().await;
    let html = app.get_html("/sign-in?county=130131").await;
    assert!(
        html.contains(r#"<form method="post" action="/sign-in""#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="130131" selected>"#));
    assert!(html.contains(r#"<option value="130123">"#));
    assert!(html.contains(r#"autocomplete="current-password""#));
}

#[tokio::test]
async fn a_refused_sign_in_returns_to_the_form_with_one_message() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/sign-in",
            &[("county", "130123"), ("username", ""), ("password", "")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/sign-in?county=130123&error=missing"
    );

    let response = app
        .post_form(
            "/sign-in",
            &[
                ("county", "130123"),
                ("username", "nobody"),
                ("password", "guess"),
            ],
        )
        .await;
    let location = crate::helpers::redirect(&response);
    // The username is kept (on the server) and typed back into the form.
    assert_eq!(
        location,
        "/sign-in?county=130123&error=credentials&username=nobody"
    );
    let html = app.get_html(&location).await;
    assert!(html.contains("用户名或密码错误"));
    assert!(html.contains(r#"value="nobody""#));

    // Whatever arrives as a county, only a 6-digit code goes back into the URL.
    let response = app
        .post_form(
            "/sign-in",
            &[("county", "x&y=<z>"), ("username", "a"), ("password", "b")],
        )
        .await;
    assert_eq!(
        crate::helpers::without_kept(&response),
        "/sign-in?error=credentials"
    );
}

#[tokio::test]
async fn the_language_form_sets_a_cookie_and_returns_to_the_page() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/locale",
            &[("lang", "en"), ("next", "/sign-in?county=130123")],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/sign-in?county=130123");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "plain-HTTP local mode");

    let response = app
        .post_form("/locale", &[("lang", "en"), ("next", "//evil.example/")])
        .await;
    assert_eq!(response.headers()["location"], "/", "no open redirect");
}

#[tokio::test]
async fn an_unknown_page_is_a_localized_404() {
    let app = spawn_app().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("页面不存在"));
    assert!(html.contains(r#"href="/""#));
}

#[tokio::test]
async fn the_sign_in_form_remembers_the_county_of_this_device() {
    let app = spawn_app().await;
    let html = |cookie: &'static str| {
        let request = app.client.get(app.url("/sign-in")).header("cookie", cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let remembered = html("mq_county=130131").await;
    assert!(
        remembered.contains(r#"<option value="130131" selected"#),
        "{remembered}"
    );
    // Nothing remembered, or something that is not a county code: nothing chosen.
    for cookie in ["lang=zh-CN", "mq_county=<b>"] {
        assert!(!html(cookie).await.contains("selected"), "{cookie}");
    }
}

#[tokio::test]
async fn signing_in_returns_to_the_page_asked_for_and_nowhere_else() {
    let app = spawn_app().await;
    let response = app.get("/grievances?status=registered").await;
    let to = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(to, "/sign-in?next=/grievances%3Fstatus%3Dregistered");
    let form = app.get_html(&to).await;
    assert!(
        form.contains(r#"name="next" value="/grievances?status=registered""#),
        "{form}"
    );
    let signed_in = |next: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                "/sign-in",
                &[
                    ("county", "130123"),
                    ("username", "leader"),
                    ("password", crate::helpers::DEMO_PASSWORD),
                    ("next", next),
                ],
            )
            .await
        }
    };
    let response = signed_in("/grievances?status=registered").await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/grievances?status=registered"
    );
    for elsewhere in ["//evil.example", "https://evil.example", ""] {
        let response = signed_in(elsewhere).await;
        assert_eq!(response.headers()["location"], "/", "{elsewhere}");
    }
}
