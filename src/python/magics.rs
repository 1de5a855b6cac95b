//! IPython magics in cells: `%%time`, `%time`, `%timeit`, `%%timeit` and
//! `!nvidia-smi`.
//!
//! As IPython does, a cell is rewritten before it runs: a `%%name` first line
//! makes the whole cell one call, `%name rest` and `!command` lines become
//! calls, all into the embedded `_tl_magics` module (which prints IPython's
//! formats). `!command` never reaches a shell: only `nvidia-smi` answers, with
//! a table built from the device query the engine installs here.

use std::sync::RwLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// Rewrites the magics of one cell into plain Python. Cells without magics
/// come back unchanged; line numbers are kept.
pub fn transform_cell(cell: &str) -> String {
    let first_code_line = cell.lines().position(|l| !l.trim().is_empty());
    if let Some(i) = first_code_line {
        let line = cell.lines().nth(i).unwrap_or("");
        if let Some(rest) = line.strip_prefix("%%") {
            let (name, args) = split_word(rest);
            let body: String = cell.split_inclusive('\n').skip(i + 1).collect();
            return format!(
                "{}__import__('_tl_magics').cell_magic({}, {}, {}, globals())\n",
                "\n".repeat(i),
                py_str(name),
                py_str(args),
                py_str(&body)
            );
        }
    }
    let mut changed = false;
    let mut out = String::with_capacity(cell.len());
    for piece in cell.split_inclusive('\n') {
        let (line, newline) = match piece.strip_suffix('\n') {
            Some(l) => (l, "\n"),
            None => (piece, ""),
        };
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let call = if let Some(rest) = code.strip_prefix('%').filter(|r| !r.starts_with('%')) {
            let (name, args) = split_word(rest);
            Some(format!("__import__('_tl_magics').line_magic({}, {}, globals())", py_str(name), py_str(args)))
        } else {
            code.strip_prefix('!').map(|cmd| format!("__import__('_tl_magics').system({})", py_str(cmd.trim())))
        };
        match call {
            Some(call) if !name_is_empty(code) => {
                changed = true;
                out.push_str(indent);
                out.push_str(&call);
            }
            _ => out.push_str(line),
        }
        out.push_str(newline);
    }
    if changed { out } else { cell.to_owned() }
}

/// `%` or `!` alone (or `!=`-like code) is not a magic.
fn name_is_empty(code: &str) -> bool {
    let rest = &code[1..];
    rest.is_empty() || rest.starts_with('=') || rest.starts_with(' ')
}

fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim_end_matches(['\r']);
    match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], s[i..].trim()),
        None => (s, ""),
    }
}

/// A Python string literal for `s`.
pub fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// One GPU as `nvidia-smi` shows it. Fields the engine cannot query stay `None`
/// and print as `N/A`.
#[derive(Clone, Debug, Default)]
pub struct GpuInfo {
    pub index: u32,
    pub name: String,
    pub bus_id: String,
    pub memory_used_mib: u64,
    pub memory_total_mib: u64,
    pub driver_version: String,
    pub cuda_version: String,
    pub temperature_c: Option<u32>,
    pub power_usage_w: Option<u32>,
    pub power_cap_w: Option<u32>,
    pub utilization_pct: Option<u32>,
    pub fan_pct: Option<u32>,
    pub uncorrected_ecc: Option<u64>,
}

/// The engine's device query: the GPUs it can use (empty without one).
pub type DeviceQuery = fn() -> Vec<GpuInfo>;

static DEVICE_QUERY: RwLock<Option<DeviceQuery>> = RwLock::new(None);

/// Installs the device query `!nvidia-smi` reports from.
pub fn set_device_query(query: DeviceQuery) {
    *DEVICE_QUERY.write().unwrap_or_else(|e| e.into_inner()) = Some(query);
}

/// What `!nvidia-smi` prints now.
pub fn nvidia_smi_text() -> String {
    let query = *DEVICE_QUERY.read().unwrap_or_else(|e| e.into_inner());
    match query {
        Some(q) => render_nvidia_smi(&q(), SystemTime::now()),
        // No query installed: the engine's own probe of the CUDA driver answers.
        None => crate::backend::cuda::smi::nvidia_smi_text(crate::backend::cuda::probe()),
    }
}

/// nvidia-smi's table (the 79-column layout of the 525 drivers the lessons
/// show), or its message when there is no GPU.
pub fn render_nvidia_smi(gpus: &[GpuInfo], now: SystemTime) -> String {
    if gpus.is_empty() {
        return "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. \
                Make sure that the latest NVIDIA driver is installed and running.\n\n"
            .to_owned();
    }
    let na = |v: Option<u32>, unit: &str| v.map_or("N/A".to_owned(), |v| format!("{v}{unit}"));
    let mut s = String::new();
    s.push_str(&format!("{:<79}\n", date_line(now)));
    let full = format!("+{}+\n", "-".repeat(77));
    let cols = format!("+{}+{}+{}+\n", "-".repeat(31), "-".repeat(22), "-".repeat(22));
    s.push_str(&full);
    let head = format!(
        "NVIDIA-SMI {:<13}Driver Version: {:<13}CUDA Version: {}",
        gpus[0].driver_version, gpus[0].driver_version, gpus[0].cuda_version
    );
    s.push_str(&format!("| {head:<76}|\n"));
    s.push_str(&format!("|{}+{}+{}+\n", "-".repeat(31), "-".repeat(22), "-".repeat(22)));
    s.push_str("| GPU  Name        Persistence-M| Bus-Id        Disp.A | Volatile Uncorr. ECC |\n");
    s.push_str("| Fan  Temp  Perf  Pwr:Usage/Cap|         Memory-Usage | GPU-Util  Compute M. |\n");
    s.push_str("|                               |                      |               MIG M. |\n");
    s.push_str(&format!("|{}+{}+{}|\n", "=".repeat(31), "=".repeat(22), "=".repeat(22)));
    for (i, g) in gpus.iter().enumerate() {
        if i > 0 {
            s.push_str(&format!("|{}+{}+{}+\n", "-".repeat(31), "-".repeat(22), "-".repeat(22)));
        }
        let name: String = g.name.chars().take(18).collect();
        s.push_str(&format!("| {:>3}  {:<18}  Off  | {:<16} Off | {:>20} |\n", g.index, name, g.bus_id,
            g.uncorrected_ecc.map_or("N/A".to_owned(), |v| v.to_string())));
        let power = format!("{:>4} / {:>4}", na(g.power_usage_w, "W"), na(g.power_cap_w, "W"));
        let memory = format!("{}MiB / {}MiB", g.memory_used_mib, g.memory_total_mib);
        s.push_str(&format!(
            "| {:>3}  {:>4}    P0   {} | {:>20} | {:>7}      Default |\n",
            na(g.fan_pct, "%"),
            na(g.temperature_c, "C"),
            power,
            memory,
            na(g.utilization_pct, "%")
        ));
        s.push_str("|                               |                      |                  N/A |\n");
    }
    s.push_str(&cols);
    s.push_str(&format!("{:79}\n", ""));
    s.push_str(&full);
    s.push_str(&format!("| {:<75} |\n", "Processes:"));
    s.push_str("|  GPU   GI   CI        PID   Type   Process name                  GPU Memory |\n");
    s.push_str("|        ID   ID                                                   Usage      |\n");
    s.push_str(&format!("|{}|\n", "=".repeat(77)));
    s.push_str(&format!("| {:<75} |\n", " No running processes found"));
    s.push_str(&full);
    s
}

/// `Sun Feb 26 20:02:33 2023` in UTC (as `date` prints it; the kernel has no time zone data).
fn date_line(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {}",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        d,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        y
    )
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn cell_magic_wraps_the_whole_cell() {
        let t = transform_cell("%%time\nx = 1\nx + 1\n");
        assert_eq!(t, "__import__('_tl_magics').cell_magic('time', '', 'x = 1\\nx + 1\\n', globals())\n");
    }

    #[test]
    fn line_magics_and_shell_lines_become_calls() {
        let t = transform_cell("a = 1\n%time a + 1\n!nvidia-smi\nb = a != 2\n");
        assert_eq!(
            t,
            "a = 1\n__import__('_tl_magics').line_magic('time', 'a + 1', globals())\n\
             __import__('_tl_magics').system('nvidia-smi')\nb = a != 2\n"
        );
        assert_eq!(transform_cell("x = 5 % 2\n"), "x = 5 % 2\n");
    }

    #[test]
    fn date_line_matches_date_format() {
        // 2023-02-26 20:02:33 UTC, the date in the lesson's nvidia-smi output.
        let t = UNIX_EPOCH + Duration::from_secs(1_677_441_753);
        assert_eq!(date_line(t), "Sun Feb 26 20:02:33 2023");
    }

    #[test]
    fn table_matches_the_lessons_layout() {
        let gpu = GpuInfo {
            index: 0,
            name: "Tesla T4".into(),
            bus_id: "00000000:00:04.0".into(),
            memory_used_mib: 0,
            memory_total_mib: 15360,
            driver_version: "525.85.12".into(),
            cuda_version: "12.0".into(),
            temperature_c: Some(61),
            power_usage_w: Some(31),
            power_cap_w: Some(70),
            utilization_pct: Some(0),
            fan_pct: None,
            uncorrected_ecc: Some(0),
        };
        let t = render_nvidia_smi(&[gpu], UNIX_EPOCH + Duration::from_secs(1_677_441_753));
        // Lines as the seed notebook shows real nvidia-smi output.
        let expected = [
            "| NVIDIA-SMI 525.85.12    Driver Version: 525.85.12    CUDA Version: 12.0     |",
            "|   0  Tesla T4            Off  | 00000000:00:04.0 Off |                    0 |",
            "| N/A   61C    P0    31W /  70W |      0MiB / 15360MiB |      0%      Default |",
            "|  No running processes found                                                 |",
        ];
        for line in expected {
            assert!(t.lines().any(|l| l == line), "missing line {line:?} in\n{t}");
        }
        assert!(t.lines().skip(1).all(|l| l.chars().count() == 79), "{t}");
    }
}
