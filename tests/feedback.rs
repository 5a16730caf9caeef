//! What readers tell the company (docs/content-model.md, "Feedback"): the NPS landing page
//! `/nps/` with its links for each band of score and its plain form, the "Was this
//! helpful?" widget of playbooks and case studies, both present only with `feedback:` in
//! site-config, and the errors of `feedback:` written wrong. The scripts that send answers
//! are tested in a browser (tests/feedback_browser.rs).

mod common;

use common::{TestSite, attrs, count, find, hint, hrefs};

/// The sample hub with its `feedback:` settings replaced by `settings` (None: removed).
fn sample_with(settings: Option<&str>) -> TestSite {
    let site = TestSite::sample();
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    let start = config
        .find("\nfeedback:\n")
        .expect("the sample has `feedback:`")
        + 1;
    let end = start + config[start..].find("\nextra:").unwrap() + 1;
    let replaced = format!(
        "{}{}{}",
        &config[..start],
        settings.unwrap_or(""),
        &config[end..]
    );
    site.write("site-config.yaml", &replaced);
    site
}

#[test]
fn the_nps_page_leads_each_band_on_without_javascript() {
    let site = TestSite::sample();
    let out = site.build();
    for (prefix, referral) in [("", "/referral/"), ("en/", "/en/referral/")] {
        let page = out.page(&format!("{prefix}nps/"));
        assert_eq!(
            hrefs(&page, "[data-nps-band=promoter] a"),
            [referral, "https://reviews.example.com/acme-flow"],
            "{prefix}: promoters go to the referral programme and the review site"
        );
        let stages: Vec<String> = [
            "onboarding",
            "adoption",
            "retention",
            "expansion",
            "advocacy",
        ]
        .iter()
        .map(|s| format!("/{prefix}stages/{s}/"))
        .collect();
        assert_eq!(
            hrefs(&page, "[data-nps-band=passive] a"),
            stages,
            "{prefix}: passives go to the content of their stage"
        );
        assert_eq!(
            attrs(&page, "[data-nps-band=passive] li", "data-nps-stage"),
            [
                "onboarding",
                "adoption",
                "retention",
                "expansion",
                "advocacy"
            ]
        );
        assert_eq!(
            hrefs(&page, "[data-nps-band=detractor] a"),
            ["https://support.example.com/"],
            "{prefix}: detractors go to support (extra.support_url)"
        );
        // A plain form sends the score to the endpoint, with the page it came from.
        assert_eq!(
            attrs(&page, "form[data-nps-form]", "action"),
            ["https://forms.example.com/feedback"]
        );
        assert_eq!(attrs(&page, "form[data-nps-form]", "method"), ["post"]);
        let scores = attrs(&page, "form[data-nps-form] input[name=score]", "value");
        assert_eq!(scores, (0..=10).map(|n| n.to_string()).collect::<Vec<_>>());
        assert_eq!(
            attrs(&page, "form[data-nps-form] input[name=document]", "value"),
            [format!("https://hub.example.com/{prefix}nps/")]
        );
        for field in ["stage", "segment", "lang"] {
            assert_eq!(
                count(&page, &format!("form[data-nps-form] input[name={field}]")),
                1,
                "{field}"
            );
        }
        assert_eq!(count(&page, "meta[name=robots][content=noindex]"), 1);
        assert_eq!(count(&page, "script[src^='/assets/feedback.js']"), 1);
    }
    // Every page's footer leads there, in its language.
    assert_eq!(hrefs(&out.page(""), ".footer-nps a"), ["/nps/"]);
    assert_eq!(
        hrefs(&out.page("en/playbooks/kickoff/"), ".footer-nps a"),
        ["/en/nps/"]
    );
    assert!(
        !out.read("sitemap.xml").contains("/nps/"),
        "the landing page of a survey is not for search engines"
    );
    let japanese = out.page("nps/");
    assert_eq!(
        common::text_of(&japanese, "[data-nps-band=promoter] h3"),
        "9〜10点をつけてくださった方へ"
    );
}

#[test]
fn playbooks_and_case_studies_ask_whether_they_helped() {
    let site = TestSite::sample();
    let out = site.build();
    let page = out.page("playbooks/kickoff/");
    assert_eq!(
        attrs(&page, "form[data-helpful]", "action"),
        ["https://forms.example.com/feedback"]
    );
    assert_eq!(attrs(&page, "form[data-helpful]", "method"), ["post"]);
    let hidden = |html: &scraper::Html, name: &str| {
        attrs(
            html,
            &format!("form[data-helpful] input[name={name}]"),
            "value",
        )
    };
    assert_eq!(
        hidden(&page, "document"),
        ["https://hub.example.com/playbooks/kickoff/"]
    );
    assert_eq!(hidden(&page, "stage"), ["onboarding"]);
    assert_eq!(hidden(&page, "kind"), ["playbook"]);
    assert_eq!(hidden(&page, "segment"), [""]);
    assert_eq!(
        attrs(&page, "form[data-helpful] input[name=answer]", "value"),
        ["yes", "no"]
    );
    assert_eq!(count(&page, "form[data-helpful] textarea[name=comment]"), 1);
    let story = out.page("case-studies/mitsuru-seiki/");
    assert_eq!(hidden(&story, "kind"), ["case_study"]);
    let english = out.page("en/playbooks/kickoff/");
    assert_eq!(
        hidden(&english, "document"),
        ["https://hub.example.com/en/playbooks/kickoff/"]
    );
    // Pages and webinars do not ask.
    for other in [
        "referral/",
        "webinars/renewal-planning-2027/",
        "stages/onboarding/",
    ] {
        assert_eq!(count(&out.page(other), "form[data-helpful]"), 0, "{other}");
    }
}

#[test]
fn without_feedback_there_is_no_widget_and_no_nps_page() {
    let site = sample_with(None);
    let out = site.build();
    assert!(!out.exists("nps/index.html"));
    assert!(!out.exists("en/nps/index.html"));
    let page = out.page("playbooks/kickoff/");
    assert_eq!(count(&page, "form[data-helpful]"), 0);
    assert_eq!(count(&page, "script[src^='/assets/feedback.js']"), 0);
    assert_eq!(count(&page, ".footer-nps"), 0);
}

#[test]
fn without_an_endpoint_the_nps_page_only_leads_on() {
    let site = sample_with(Some(
        "feedback:\n  review: https://reviews.example.com/acme-flow\n",
    ));
    let out = site.build();
    let page = out.page("nps/");
    assert_eq!(
        count(&page, "form[data-nps-form]"),
        0,
        "no form to send a score to"
    );
    assert_eq!(count(&page, "[data-endpoint]"), 0);
    // No referral setting: promoters get the review site only.
    assert_eq!(
        hrefs(&page, "[data-nps-band=promoter] a"),
        ["https://reviews.example.com/acme-flow"]
    );
    assert_eq!(
        count(&out.page("playbooks/kickoff/"), "form[data-helpful]"),
        0
    );
}

#[test]
fn the_method_and_the_support_address_follow_site_config() {
    let site = sample_with(Some(
        "feedback:\n  endpoint: https://forms.example.com/feedback?form=hub\n  method: get\n  support: \"@/pages/community.md\"\n",
    ));
    let out = site.build();
    let nps = out.page("en/nps/");
    assert_eq!(attrs(&nps, "form[data-nps-form]", "method"), ["get"]);
    assert_eq!(attrs(&nps, "[data-nps]", "data-method"), ["get"]);
    assert_eq!(
        attrs(&nps, "[data-nps]", "data-endpoint"),
        ["https://forms.example.com/feedback?form=hub"]
    );
    assert_eq!(
        hrefs(&nps, "[data-nps-band=detractor] a"),
        ["/en/community/"],
        "a page of the hub, in the reader's language"
    );
    assert_eq!(
        attrs(
            &out.page("playbooks/kickoff/"),
            "form[data-helpful]",
            "method"
        ),
        ["get"]
    );

    // Without a support setting or extra.support_url, the support email.
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    site.write(
        "site-config.yaml",
        &config
            .replace("  support: \"@/pages/community.md\"\n", "")
            .replace("  support_url: https://support.example.com/\n", ""),
    );
    let out = site.build();
    assert_eq!(
        hrefs(&out.page("nps/"), "[data-nps-band=detractor] a"),
        ["mailto:support@example.com"]
    );
}

#[test]
fn feedback_written_wrong_is_an_error_at_its_line() {
    let site = sample_with(Some(
        "feedback:\n  endpoint: forms.example.com/feedback\n  method: put\n  referal: \"@/pages/referral.md\"\n  review: \"@/pages/referal.md\"\n",
    ));
    let config = std::fs::read_to_string(site.root.join("site-config.yaml")).unwrap();
    let line_of = |text: &str| config.lines().position(|l| l.starts_with(text)).unwrap() + 1;
    let errors = site.build_err();
    let messages: Vec<(usize, &str)> = errors
        .0
        .iter()
        .filter(|d| d.file == "site-config.yaml")
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                line_of("  endpoint:"),
                "`feedback.endpoint` is \"forms.example.com/feedback\", which is not a web address"
            ),
            (
                line_of("  method:"),
                "`feedback.method` is `put`; it is `get` or `post`"
            ),
            (
                line_of("  referal:"),
                "`feedback` has no setting `referal`; it takes endpoint, method, referral, review, support"
            ),
        ]
    );
    let unknown = errors
        .0
        .iter()
        .find(|d| d.message.contains("referal"))
        .unwrap();
    assert!(
        hint(unknown).starts_with("did you mean `referral`?"),
        "{}",
        hint(unknown)
    );

    // A page of the hub that does not exist is found once the documents are read.
    let fixed = config
        .replace(
            "forms.example.com/feedback",
            "https://forms.example.com/feedback",
        )
        .replace("method: put", "method: post")
        .replace("referal:", "referral:");
    site.write("site-config.yaml", &fixed);
    let errors = site.build_err();
    let broken = find(&errors, "broken-link", "site-config.yaml");
    assert_eq!(broken.line, line_of("  review:"));
    assert_eq!(
        broken.message,
        "`feedback.review` leads to `@/pages/referal.md`, a page that does not exist: there is no content/pages/referal.md; did you mean pages/referral.md?"
    );
}
