//! A careless admin's configuration: blank or in-memory database URLs,
//! passwords where they do not belong, durations from another geological
//! era, the environment as the only way to set a key, and what `escala
//! config` prints back. Each is refused at load with one line naming the
//! setting, or printed as written.

use std::time::{Duration, Instant};

use crate::support::cli::{escala, run, stderr, stdout};

#[test]
fn a_blank_or_in_memory_database_url_is_refused_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    for url in ["", "sqlite::memory:", "sqlite://:memory:"] {
        let output = escala(dir.path())
            .env("ESCALA_DATABASE__URL", url)
            .args(["users", "block", "telegram:666"])
            .output()
            .unwrap();
        assert!(!output.status.success(), "{url:?} was accepted: {output:?}");
        assert!(stderr(&output).contains("database.url"), "{url:?}: {}", stderr(&output));
        assert!(!stdout(&output).contains("blocked"), "nothing claims to be saved: {output:?}");
    }
}

#[test]
fn a_password_in_a_query_parameter_is_refused_in_the_file_and_hidden_when_printed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("escala.toml"), "[database]\nurl = \"postgres://127.0.0.1/x?password=hunter2\"\n")
        .unwrap();
    let output = escala(dir.path()).env_remove("ESCALA_DATABASE__URL").arg("config").output().unwrap();
    assert!(!output.status.success());
    assert!(stderr(&output).contains("password") && !stderr(&output).contains("hunter2"), "{}", stderr(&output));
    std::fs::remove_file(dir.path().join("escala.toml")).unwrap();
    let output = escala(dir.path())
        .env("ESCALA_DATABASE__URL", "postgres://esc:s3cret@127.0.0.1/x?sslmode=disable&password=hunter2")
        .arg("config")
        .output()
        .unwrap();
    let shown = stdout(&output);
    assert!(output.status.success(), "{output:?}");
    assert!(!shown.contains("hunter2") && !shown.contains("s3cret"), "{shown}");
    assert!(shown.contains("password=***") && shown.contains("esc:***@"), "{shown}");
}

#[test]
fn an_sla_target_too_long_to_count_is_refused_at_load_not_at_the_first_ticket() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("escala.toml"),
        "[sla.targets.L1.normal]\nfirst_response = \"100000000years\"\nresolution = \"100000000years\"\n",
    )
    .unwrap();
    let output = run(dir.path(), &["config"]);
    assert!(!output.status.success());
    let error = stderr(&output);
    assert!(error.contains("sla.targets.L1.normal.first_response") && error.contains("too long"), "{error}");
    assert!(!error.contains("panicked"), "{error}");
}

#[test]
fn a_discord_upload_limit_of_zero_or_absurd_size_is_refused_naming_the_setting() {
    for limit in ["0", "100000"] {
        let dir = tempfile::tempdir().unwrap();
        let output = escala(dir.path()).env("ESCALA_DISCORD__MAX_UPLOAD_MB", limit).arg("config").output().unwrap();
        assert!(!output.status.success(), "{limit}: {output:?}");
        let error = stderr(&output);
        assert!(error.contains("discord.max_upload_mb") && !error.contains("panicked"), "{error}");
    }
}

#[test]
fn every_key_can_be_set_from_the_environment_sla_targets_included() {
    let dir = tempfile::tempdir().unwrap();
    let output =
        escala(dir.path()).env("ESCALA_SLA__TARGETS__L1__NORMAL__FIRST_RESPONSE", "1h").arg("config").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = stdout(&output);
    let section = shown.split("[sla.targets.L1.normal]").nth(1).expect("the section is printed");
    assert!(section.trim_start().starts_with("first_response = \"1h\""), "{shown}");
}

#[test]
fn escala_config_prints_thresholds_as_they_were_written() {
    let dir = tempfile::tempdir().unwrap();
    let output = escala(dir.path()).env("ESCALA_KB__ANSWER_THRESHOLD", "0.12").arg("config").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = stdout(&output);
    assert!(shown.contains("answer_threshold = 0.12\n"), "{shown}");
    assert!(!shown.contains("0.11999"), "{shown}");
}

#[test]
fn an_unreachable_postgresql_server_is_named_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let started = Instant::now();
    let output = escala(dir.path())
        .env("ESCALA_DATABASE__URL", format!("postgres://postgres@{closed}/test"))
        .args(["tickets", "list"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let error = stderr(&output);
    assert!(error.contains(&closed.to_string()) && error.to_lowercase().contains("refused"), "{error}");
    assert!(!error.contains("pool timed out"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(8), "it took {:?}", started.elapsed());
}

#[test]
fn a_vendor_with_a_hostile_name_or_a_flood_of_reminders_is_refused_at_load_and_a_good_one_printed() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[vendors.\"Ac\\u001b[2Jme\"]\ncontact = \"x\"\nresponse = \"4h\"\nresolution = \"2days\"\n", "vendor name"),
        (
            "[vendors.Acme]\ncontact = \"x\"\nresponse = \"4h\"\nresolution = \"2days\"\nfollow_up = \"1s\"\n",
            "vendors.Acme.follow_up",
        ),
        ("[vendors.Acme]\ncontact = \"\"\nresponse = \"4h\"\nresolution = \"2days\"\n", "vendors.Acme.contact"),
        ("[vendors.Acme]\ncontact = \"x\"\nresponse = \"4h\"\n", "resolution"),
        ("[vendors.Acme]\ncontact = \"x\"\nresponse = \"4h\"\nresolution = \"2days\"\nsecret = 1\n", "secret"),
    ];
    refused_at_load(dir.path(), &cases);
    std::fs::write(
        dir.path().join("escala.toml"),
        "[vendors.Acme]\ncontact = \"support@acme.example\"\nresponse = \"8h\"\nresolution = \"5days\"\nfollow_up = \"1day\"\n",
    )
    .unwrap();
    let output = run(dir.path(), &["config"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("[vendors.Acme]") && stdout(&output).contains("follow_up = \"1day\""));
}

#[test]
fn a_made_up_time_zone_or_a_remote_tool_link_that_is_not_https_is_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[support]\ntime_zone = \"Mars/Olympus\\u001b[2J\"\n", "support.time_zone"),
        (
            "[remote_tools.anydesk]\nname = \"AnyDesk\"\ndownload = { windows = \"http://evil.example/anydesk.exe\" }\n",
            "remote_tools.anydesk.download.windows must be an https:// link",
        ),
        ("[remote_tools.anydesk]\nname = \"AnyDesk\"\ndownload = {}\n", "needs at least one link"),
    ];
    refused_at_load(dir.path(), &cases);
}

#[test]
fn an_assignment_with_no_agents_an_unknown_mode_or_a_flood_of_offers_is_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[assignment.L1]\nmode = \"round_robin\"\nagents = []\n", "assignment.L1.agents"),
        ("[assignment.L1]\nmode = \"lottery\"\nagents = [\"Marta\"]\n", "lottery"),
        ("[assignment.L1]\nmode = \"least_loaded\"\nagents = [\"Marta\"]\noffer_after = \"1s\"\n", "offer_after"),
        ("[assignment.L0]\nmode = \"least_loaded\"\nagents = [\"Marta\"]\n", "L0 is the bot"),
        ("[assignment.L1]\nmode = \"round_robin\"\nagents = [\"Ma\\u001b[2Jrta\"]\n", "assignment.L1.agents"),
        ("[triage.keywords]\nen = [\"\"]\n", "triage.keywords.en"),
    ];
    refused_at_load(dir.path(), &cases);
}

/// Each `(escala.toml, what the error names)` is refused at load with one
/// line naming the setting, no terminal escape and no panic.
fn refused_at_load(dir: &std::path::Path, cases: &[(&str, &str)]) {
    for (toml, named) in cases {
        std::fs::write(dir.join("escala.toml"), toml).unwrap();
        let output = run(dir, &["config"]);
        let error = stderr(&output);
        assert!(!output.status.success(), "{toml} was accepted");
        assert!(error.contains(named) && !error.contains('\u{1b}') && !error.contains("panicked"), "{toml}: {error}");
    }
}
