//! `tensorlings bench`: runs the scripts of `benches/` on tensorlings and on a real
//! PyTorch (`--torch-python`), alternating, in the same session, and prints each
//! figure with its ratio to PyTorch's. The scripts are embedded, so the command
//! works from any folder; both sides run the very same file.
use clap::Args;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const SCRIPTS: &[(&str, &str)] = &[
    ("tiny_op", include_str!("../../benches/tiny_op.py")),
    ("elementwise_mul", include_str!("../../benches/elementwise_mul.py")),
    ("randn", include_str!("../../benches/randn.py")),
    ("matmul", include_str!("../../benches/matmul.py")),
    ("autograd_cell", include_str!("../../benches/autograd_cell.py")),
    ("mlp_sgd", include_str!("../../benches/mlp_sgd.py")),
    ("notebook_benchmark", include_str!("../../benches/notebook_benchmark.py")),
];

#[derive(Args)]
pub struct BenchArgs {
    /// A Python with torch installed, run on the same scripts for the baseline.
    #[arg(long, value_name = "PATH")]
    pub torch_python: Option<PathBuf>,
    /// Runs of each script on each side (the median is reported).
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Only these scripts (names as listed by --list).
    pub only: Vec<String>,
    /// List the scripts and exit.
    #[arg(long)]
    pub list: bool,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<i32> {
    if args.list {
        for (name, _) in SCRIPTS {
            println!("{name}");
        }
        return Ok(0);
    }
    let dir = std::env::temp_dir().join(format!("tensorlings-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let me = std::env::current_exe()?;
    println!("{:<24} {:>14} {:>14} {:>8}", "figure", "tensorlings", "pytorch", "ratio");
    for (name, src) in SCRIPTS {
        if !args.only.is_empty() && !args.only.iter().any(|o| o == name) {
            continue;
        }
        let path = dir.join(format!("{name}.py"));
        std::fs::write(&path, src)?;
        let mut ours: BTreeMap<String, (Vec<f64>, String)> = BTreeMap::new();
        let mut theirs: BTreeMap<String, (Vec<f64>, String)> = BTreeMap::new();
        for _ in 0..args.runs.max(1) {
            // Alternate the two sides so drifting machine load hits both alike.
            collect(&mut ours, Command::new(&me).args(["run", "--timeout", "900", "--memory-mb", "16384"]).arg(&path));
            if let Some(py) = &args.torch_python {
                collect(&mut theirs, Command::new(py).arg(&path));
            }
        }
        for (metric, (values, unit)) in &ours {
            let mine = median(values);
            let base = theirs.get(metric).map(|(v, _)| median(v));
            // For throughput (per second) higher is better: the ratio is ours/theirs either way.
            let ratio = base.map(|b| format!("{:.2}x", mine / b)).unwrap_or_else(|| "-".into());
            let base = base.map(|b| format!("{b:.4} {unit}")).unwrap_or_else(|| "-".into());
            println!("{:<24} {:>14} {:>14} {:>8}", metric, format!("{mine:.4} {unit}"), base, ratio);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(0)
}

fn collect(into: &mut BTreeMap<String, (Vec<f64>, String)>, cmd: &mut Command) {
    let out = match cmd.output() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("bench: could not run {:?}: {e}", cmd.get_program());
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let mut found = false;
    for line in text.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.len() >= 4 && parts[0] == "BENCH" {
            if let Ok(v) = parts[2].parse::<f64>() {
                let e = into.entry(parts[1].to_string()).or_insert_with(|| (vec![], parts[3..].join(" ")));
                e.0.push(v);
                found = true;
            }
        }
    }
    if !found {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().chain(text.lines()).last().unwrap_or("no output");
        eprintln!("bench: {} printed no figure: {last}", Path::new(cmd.get_program()).display());
    }
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    s[s.len() / 2]
}
