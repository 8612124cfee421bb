//! Prints the ratios of the benchmarks.
//!
//! - `report times DIR [KIND...]`: from criterion's results in `DIR` (its
//!   `CRITERION_HOME`), the median time of every arm and its ratio to the first arm of its
//!   group; only the groups of the KINDs given (`serialize`, `zulip`, `mastodon`, `parse`), if
//!   any.
//! - `report instructions N`: the same ratios in instructions, counted by valgrind
//!   (cachegrind): each arm is run `N` and `2N` times, each in a process of its own, and
//!   the difference divided by `N` is its count per call (one-time costs cancel out).
//! - `report interleaved ROUNDS`: the same ratios in time, measured with the arms of a group
//!   taking turns: each round times a batch of about a millisecond of every arm, and each
//!   arm's figure is its fastest batch. The load of other processes on a shared machine
//!   then slows every arm alike, where criterion, which times one arm after the other, can
//!   catch a burst of load in one arm only.
//! - `report run KIND CASE ARM N`: what valgrind runs (KIND is `serialize`, `zulip`,
//!   `mastodon` or `parse`).

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use matrix_error_bench::{BODIES, DIALECT_ARMS, PARSE_ARMS, SERIALIZE_ARMS, cases, serialize_arms};

/// A benchmark group: one case, each arm on it.
struct Group {
    /// As criterion names it: `serialize_unit`.
    name: String,
    /// `serialize` or `parse`.
    kind: &'static str,
    case: &'static str,
    /// The first is the one the others are compared with.
    arms: Vec<&'static str>,
}

fn groups() -> Vec<Group> {
    let mut groups = Vec::new();
    for (case, _) in cases() {
        groups.push(Group {
            name: format!("serialize_{case}"),
            kind: "serialize",
            case,
            arms: SERIALIZE_ARMS.iter().map(|(arm, _)| *arm).collect(),
        });
    }
    for (kind, arms) in DIALECT_ARMS {
        for (case, _) in cases() {
            groups.push(Group {
                name: format!("{kind}_{case}"),
                kind,
                case,
                arms: arms.iter().map(|(arm, _)| *arm).collect(),
            });
        }
    }
    for (case, _, _) in BODIES {
        groups.push(Group {
            name: format!("parse_{case}"),
            kind: "parse",
            case,
            arms: PARSE_ARMS.iter().map(|(arm, _)| *arm).collect(),
        });
    }
    groups
}

/// A group's name, and each arm with its figure (`None` where it has none).
type Row = (String, Vec<(&'static str, Option<f64>)>);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["times", dir, kinds @ ..] => times(Path::new(dir), kinds),
        ["instructions", n] => instructions(n.parse().expect("N is a number")),
        ["interleaved", rounds] => interleaved(rounds.parse().expect("ROUNDS is a number")),
        ["run", kind, case, arm, n] => run(kind, case, arm, n.parse().expect("N is a number")),
        _ => {
            eprintln!(
                "usage: report times DIR | report instructions N | report run KIND CASE ARM N"
            );
            std::process::exit(2);
        }
    }
}

/// Prints a table: each group's arms with their figure and its ratio to the first arm's.
fn table(unit: &str, rows: &[Row]) {
    for (group, arms) in rows {
        let Some((first, Some(base))) = arms.first().copied() else {
            println!("{group:<30} (no result)");
            continue;
        };
        print!("{group:<30} {first} {base:>9.1} {unit}");
        for &(arm, value) in &arms[1..] {
            match value {
                Some(value) => print!(" | {arm} {value:.1} -> {first}/{arm} {:.2}x", base / value),
                None => print!(" | {arm} (no result)"),
            }
        }
        println!();
    }
}

fn times(dir: &Path, kinds: &[&str]) {
    let median = |group: &str, arm: &str| -> Option<f64> {
        let path = dir.join(group).join(arm).join("new/estimates.json");
        let text = std::fs::read_to_string(path).ok()?;
        let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
        estimates["median"]["point_estimate"].as_f64()
    };
    let rows: Vec<Row> = groups()
        .into_iter()
        .filter(|group| kinds.is_empty() || kinds.contains(&group.kind))
        .map(|group| {
            let values = group
                .arms
                .iter()
                .map(|arm| (*arm, median(&group.name, arm)))
                .collect();
            (group.name, values)
        })
        .collect();
    println!("median time per call (criterion); ratio = first arm / other arm, lower is faster");
    table("ns", &rows);
}

fn instructions(n: u64) {
    let exe = std::env::current_exe().expect("the path of this program");
    let count = |kind: &str, case: &str, arm: &str, n: u64| -> Option<f64> {
        let output = Command::new("valgrind")
            .args([
                "--tool=cachegrind",
                "--cache-sim=no",
                "--cachegrind-out-file=/dev/null",
            ])
            .arg(&exe)
            .args(["run", kind, case, arm, &n.to_string()])
            .output()
            .ok()?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let line = stderr.lines().find(|line| line.contains("I   refs:"))?;
        let digits: String = line
            .rsplit(':')
            .next()?
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    let rows: Vec<Row> = groups()
        .into_iter()
        .map(|group| {
            let values = group
                .arms
                .iter()
                .map(|arm| {
                    let per_call = count(group.kind, group.case, arm, 2 * n)
                        .zip(count(group.kind, group.case, arm, n))
                        .map(|(twice, once)| (twice - once) / n as f64);
                    (*arm, per_call)
                })
                .collect();
            (group.name, values)
        })
        .collect();
    println!("instructions per call (valgrind, {n} calls); ratio = first arm / other arm");
    table("Ir", &rows);
}

fn interleaved(rounds: u32) {
    let rows: Vec<Row> = groups()
        .into_iter()
        .map(|group| {
            // Calls per batch: about a millisecond of the first arm.
            let start = Instant::now();
            run(group.kind, group.case, group.arms[0], 1000);
            let per_call = start.elapsed().as_secs_f64() / 1000.0;
            let batch = ((1e-3 / per_call) as u64).max(10);
            let mut fastest = vec![f64::INFINITY; group.arms.len()];
            for _ in 0..rounds {
                for (index, arm) in group.arms.iter().enumerate() {
                    let start = Instant::now();
                    run(group.kind, group.case, arm, batch);
                    let ns = start.elapsed().as_secs_f64() * 1e9 / batch as f64;
                    fastest[index] = fastest[index].min(ns);
                }
            }
            let values = group
                .arms
                .iter()
                .copied()
                .zip(fastest.into_iter().map(Some))
                .collect();
            (group.name, values)
        })
        .collect();
    println!(
        "fastest batch per call, arms taking turns ({rounds} rounds); ratio = first arm / other arm"
    );
    table("ns", &rows);
}

fn run(kind: &str, case: &str, arm: &str, n: u64) {
    match kind {
        "serialize" | "zulip" | "mastodon" => {
            let (_, error) = cases()
                .into_iter()
                .find(|(name, _)| *name == case)
                .expect("a serialize case");
            let (_, arm) = serialize_arms(kind)
                .expect("a serializer kind")
                .iter()
                .find(|(name, _)| *name == arm)
                .expect("a serialize arm");
            let mut buf = Vec::with_capacity(256);
            for _ in 0..n {
                arm(black_box(&error), &mut buf);
            }
        }
        "parse" => {
            let (_, status, body) = BODIES
                .iter()
                .find(|(name, _, _)| *name == case)
                .expect("a parse case");
            let (_, arm) = PARSE_ARMS
                .iter()
                .find(|(name, _)| *name == arm)
                .expect("a parse arm");
            // On the heap, as a response's body is: its alignment is then the allocator's in
            // every build, not wherever the linker put the constant (`from_utf8`'s
            // word-at-a-time check costs more or less with the first bytes' alignment).
            let body = body.to_vec();
            for _ in 0..n {
                arm(black_box(*status), black_box(&body));
            }
        }
        _ => panic!("KIND is serialize, zulip, mastodon or parse"),
    }
}
