//! `journeyhub init DIR`: a small site with one document of each kind that builds as it is.

use std::fs;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "site-config.yaml",
        "title: My Customer Hub\nbase_url: https://hub.example.com/\nlanguage: en\ntheme: default\ntimezone: UTC\ntaxonomies: [industry, company_size]\nstale_after_days: 180\ndrip_cadence_days: 14\n",
    ),
    (
        "content/stages/onboarding.md",
        "---\ntitle: Onboarding\norder: 1\ngoal: The customer is set up and has seen first value.\nkpis:\n  - {name: Time to value, target: \"30 days\"}\ncolor: \"#2f6fde\"\n---\nEverything a new customer needs in the first weeks.\n",
    ),
    (
        "content/stages/adoption.md",
        "---\ntitle: Adoption\norder: 2\ngoal: Teams use the product every week.\nkpis:\n  - {name: Weekly active users, target: \"60%\"}\ncolor: \"#0f9d76\"\n---\nHelp every team make the product part of its routine.\n",
    ),
    (
        "content/playbooks/kickoff.md",
        "---\ntitle: Run the kickoff meeting\nsummary: Agree on goals, owners and a first milestone in one hour.\nstage: onboarding\ndate: 2026-01-15\nupdated: 2026-01-15\ntouch: high\naudience: [admin, champion]\nduration: 1 hour\nowner: Customer Success\nindustry: software\ncompany_size: smb\n---\n## Why it matters\n\nA clear kickoff halves the time to first value.\n\n## Steps\n\n1. Invite the sponsor and the admin.\n2. Agree on one goal for the first 30 days.\n3. Book the next check-in.\n\nNext, read the [customer story](@/case-studies/example.md).\n",
    ),
    (
        "content/case-studies/example.md",
        "---\ntitle: How Example Co. went live in two weeks\nsummary: A focused kickoff and weekly check-ins.\nstage: onboarding\ndate: 2026-02-01\ncustomer: Example Co.\nresults:\n  - {metric: Time to go live, before: \"8 weeks\", after: \"2 weeks\"}\n  - {metric: Active users, value: \"+40%\"}\nquote: {text: \"The kickoff set the pace for everything.\", author: Alex Kim, role: Operations lead}\nindustry: software\ncompany_size: smb\n---\n## Challenge\n\nRollouts dragged on for months.\n\n## Result\n\nLive in two weeks; see the [kickoff playbook](@/playbooks/kickoff.md).\n",
    ),
    (
        "content/webinars/getting-started.md",
        "---\ntitle: Getting started live\nsummary: A guided tour of the first steps.\nstage: adoption\ndate: 2026-01-10\nstarts_at: 2026-03-10T16:00:00+00:00\nduration_minutes: 45\nspeakers:\n  - {name: Sam Lee, role: Customer Success}\nregistration_url: https://events.example.com/getting-started\nrecording_url: https://video.example.com/getting-started\n---\nA 45-minute tour with time for questions.\n",
    ),
    (
        "content/pages/about.md",
        "---\ntitle: About this hub\nsummary: How to find what you need at each stage.\nstage: onboarding\n---\nStart with the [onboarding playbooks](@/playbooks/kickoff.md).\n",
    ),
];

pub fn create(dir: &Path) -> Result<(), String> {
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
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(())
}
