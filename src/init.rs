//! `journeyhub init DIR`: a small site with one document of each kind, dated from the day it
//! is made, so that it builds and passes `check --deny-warnings` that day. Its comments teach
//! the keys a writer meets first; docs/content-model.md has the rest.

use jiff::ToSpan;
use jiff::civil::Date;
use std::fs;
use std::path::Path;

/// The site's files. `{today}`, `{last_week}`, `{last_month}` and `{webinar_day}` are filled
/// in with dates around the day the site is made.
const FILES: &[(&str, &str)] = &[
    (
        "site-config.yaml",
        r##"# The settings of your hub. Every key is explained in docs/content-model.md of journeyhub.
title: My Customer Hub
# Where the hub will be published; links in feeds and calendars start with it.
base_url: https://hub.example.com/
# The language you write in (ja for Japanese). Add others with `languages: [en, ja]` and
# translate a file by copying it to a name ending in .ja.md.
language: en
theme: default
# Plain dates (2026-09-14) mean midnight in this time zone, and webinars are shown in it.
timezone: UTC
# Front-matter keys that group documents across stages, each with pages of its own.
taxonomies: [industry, company_size]
# `journeyhub check` warns about content nobody has reviewed (`updated:`) for longer;
# onboarding content, read by every new customer, is reviewed more often.
stale_after_days: 180
stale_after_days_by_stage: {onboarding: 90}
# Who keeps each folder under content/ up to date (a document's `owner:` wins):
# `journeyhub check --group-by owner` gives each owner their own list.
owners:
  playbooks: Customer Success
  webinars: Marketing
drip_cadence_days: 14
# Added to links that leave the hub (calls to action), so your analytics see where readers
# came from. {stage} and {slug} are filled in.
utm:
  source: customer-hub
  medium: referral
  campaign: "{stage}"
"##,
    ),
    (
        "content/_index.md",
        r##"---
# Optional: the introduction at the top of the home page.
title: Welcome
summary: Everything you need from your first day to your first results.
---
New here? Start with the [kickoff playbook](@/playbooks/kickoff.md), then
[join the live tour](@/webinars/getting-started.md).
"##,
    ),
    (
        "content/stages/onboarding.md",
        r##"---
# A stage of the customer journey. Its file name (onboarding) is the id that documents
# write in `stage:`; `order` puts the stages in sequence on the journey map.
title: Onboarding
order: 1
goal: The customer is set up and has seen first value.
# What success looks like in this stage; a target is shown exactly as written.
kpis:
  - {name: Time to value, target: "30 days"}
# Colors need quotes: `#` would start a comment.
color: "#2f6fde"
updated: {today}
---
Everything a new customer needs in the first weeks.
"##,
    ),
    (
        "content/stages/adoption.md",
        r##"---
title: Adoption
order: 2
goal: Teams use the product every week.
kpis:
  - {name: Weekly active users, target: "60%"}
color: "#0f9d76"
updated: {today}
---
Help every team make the product part of its routine.
"##,
    ),
    (
        "content/playbooks/kickoff.md",
        r##"---
title: Run the kickoff meeting
summary: Agree on goals, owners and a first milestone in one hour.
# A document can serve several stages: list them.
stage: [onboarding, adoption]
# `date` publishes the document (a future date keeps it hidden until that day);
# `updated` is the day someone last checked it is still right.
date: {last_month}
updated: {today}
touch: high
audience: [admin, champion]
duration: 1 hour
owner: Customer Success
# Taxonomies named in site-config.yaml: each term gets a page listing its documents.
industry: software
company_size: smb
# The call to action the page ends with: the words, where they lead (a form service, your
# CRM, a booking page), and what kind of action it is (for the UTM parameters).
cta:
  label: Book your kickoff call
  url: https://calendar.example.com/kickoff
  kind: contact
---
## Why it matters

A clear kickoff halves the time to first value.

## Steps

1. Invite the sponsor and the admin.
2. Agree on one goal for the first 30 days.
3. Book the next check-in.

The numbered list under "Steps" becomes a checklist readers can tick off.

Then read how [Example Co. did it](@/case-studies/example.md), or learn [about this hub](@/pages/about.md).
"##,
    ),
    (
        "content/case-studies/example.md",
        r##"---
title: How Example Co. went live in two weeks
summary: A focused kickoff and weekly check-ins.
stage: [onboarding, adoption]
date: {last_week}
customer: Example Co.
# Headline figures: a single `value`, or `before` and `after`.
results:
  - {metric: Time to go live, before: "8 weeks", after: "2 weeks"}
  - {metric: Active users, value: "+40%"}
quote: {text: "The kickoff set the pace for everything.", author: Alex Kim, role: Operations lead}
industry: software
company_size: smb
---
## Challenge

Rollouts dragged on for months.

## Result

Live in two weeks; see the [kickoff playbook](@/playbooks/kickoff.md).
"##,
    ),
    (
        "content/webinars/getting-started.md",
        r##"---
title: Getting started live
summary: A guided tour of the first steps.
stage: [onboarding, adoption]
date: {last_week}
# A date and time always carry their offset from UTC (+00:00 here, +09:00 in Japan).
starts_at: {webinar_day}T16:00:00+00:00
duration_minutes: 45
speakers:
  - {name: Sam Lee, role: Customer Success}
# Shown while the webinar is upcoming: the call to action of its page.
registration_url: https://events.example.com/getting-started
# Once it is over, add the recording, or `check` will remind you:
# recording_url: https://video.example.com/getting-started
---
A 45-minute tour with time for questions.
"##,
    ),
    (
        "content/pages/about.md",
        r##"---
# A free page, at /about/. Pages need no stage; link to them so that readers find them.
title: About this hub
summary: How to find what you need at each stage.
date: {last_month}
---
Start with the [onboarding playbooks](@/playbooks/kickoff.md).
"##,
    ),
];

/// Creates the site in `dir`, dated from today in UTC (the site's time zone).
pub fn create(dir: &Path) -> Result<(), String> {
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    create_on(dir, today)
}

/// Creates the site as it would be made on `today`: tests build it at a fixed time.
pub fn create_on(dir: &Path, today: Date) -> Result<(), String> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            return Err(format!(
                "{} already exists and is not empty; choose a new folder",
                dir.display()
            ));
        }
    }
    let day = |days: i64| today.saturating_add(days.days()).to_string();
    for (path, text) in FILES {
        let text = text
            .replace("{today}", &day(0))
            .replace("{last_week}", &day(-7))
            .replace("{last_month}", &day(-30))
            .replace("{webinar_day}", &day(14));
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(())
}
