//! Which key does what, per screen. The help overlay lists this table, so what
//! it shows is always what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmd {
    Quit,
    Help,
    Interrupt,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    OpenExercise,
    Search,
    Continue,
    Scratchpad,
    NextCell,
    PrevCell,
    RunCell,
    RunAll,
    NextLesson,
    PrevLesson,
    Run,
    Check,
    Hint,
    Solution,
    Reset,
    NextExercise,
    PrevExercise,
    Undo,
    Redo,
    HistoryPrev,
    HistoryNext,
    NewLine,
    ScrollResultsUp,
    ScrollResultsDown,
    ScrollTaskUp,
    ScrollTaskDown,
}

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyContext {
    Global,
    Home,
    Lesson,
    Exercise,
    Scratch,
}

/// One key: a code and the modifiers that must be held.
#[derive(Clone, Copy, Debug)]
pub struct Key(pub KeyCode, pub KeyModifiers);

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

const fn k(c: char) -> Key {
    Key(KeyCode::Char(c), NONE)
}
const fn ctrl(c: char) -> Key {
    Key(KeyCode::Char(c), CTRL)
}
const fn code(c: KeyCode) -> Key {
    Key(c, NONE)
}

pub struct Binding {
    pub ctx: KeyContext,
    pub keys: &'static [Key],
    pub cmd: Cmd,
}

use Cmd::*;
use KeyContext as C;

/// Every binding. Order matters only for the help overlay.
pub const BINDINGS: &[Binding] = &[
    Binding {
        ctx: C::Global,
        keys: &[ctrl('q')],
        cmd: Quit,
    },
    Binding {
        ctx: C::Global,
        keys: &[code(KeyCode::F(1))],
        cmd: Help,
    },
    // Esc is "back" for lookups; the app turns it into an interrupt while code runs.
    Binding {
        ctx: C::Global,
        keys: &[code(KeyCode::Esc)],
        cmd: Back,
    },
    Binding {
        ctx: C::Global,
        keys: &[ctrl('c'), code(KeyCode::Esc)],
        cmd: Interrupt,
    },
    // Home
    Binding {
        ctx: C::Home,
        keys: &[code(KeyCode::Up), k('k')],
        cmd: Up,
    },
    Binding {
        ctx: C::Home,
        keys: &[code(KeyCode::Down), k('j')],
        cmd: Down,
    },
    Binding {
        ctx: C::Home,
        keys: &[code(KeyCode::PageUp)],
        cmd: PageUp,
    },
    Binding {
        ctx: C::Home,
        keys: &[code(KeyCode::PageDown)],
        cmd: PageDown,
    },
    Binding {
        ctx: C::Home,
        keys: &[code(KeyCode::Home), k('g')],
        cmd: Top,
    },
    Binding {
        ctx: C::Home,
        keys: &[code(KeyCode::End), k('G')],
        cmd: Bottom,
    },
    Binding {
        ctx: C::Home,
        keys: &[code(KeyCode::Enter), code(KeyCode::Right), k('l')],
        cmd: Open,
    },
    Binding {
        ctx: C::Home,
        keys: &[k('e')],
        cmd: OpenExercise,
    },
    Binding {
        ctx: C::Home,
        keys: &[k('/')],
        cmd: Search,
    },
    Binding {
        ctx: C::Home,
        keys: &[k('c')],
        cmd: Continue,
    },
    Binding {
        ctx: C::Home,
        keys: &[k('s')],
        cmd: Scratchpad,
    },
    Binding {
        ctx: C::Home,
        keys: &[k('?')],
        cmd: Help,
    },
    Binding {
        ctx: C::Home,
        keys: &[k('q')],
        cmd: Quit,
    },
    // Lesson reader
    Binding {
        ctx: C::Lesson,
        keys: &[code(KeyCode::Up), k('k')],
        cmd: Up,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[code(KeyCode::Down), k('j')],
        cmd: Down,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[code(KeyCode::PageUp), k('b')],
        cmd: PageUp,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[code(KeyCode::PageDown), k(' ')],
        cmd: PageDown,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[code(KeyCode::Home), k('g')],
        cmd: Top,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[code(KeyCode::End), k('G')],
        cmd: Bottom,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[code(KeyCode::Tab), k('n')],
        cmd: NextCell,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[code(KeyCode::BackTab), k('p')],
        cmd: PrevCell,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[code(KeyCode::Enter), code(KeyCode::F(5)), ctrl('r')],
        cmd: RunCell,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[k('a')],
        cmd: RunAll,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[k('e'), k('x')],
        cmd: OpenExercise,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[k(']')],
        cmd: NextLesson,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[k('[')],
        cmd: PrevLesson,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[k('s')],
        cmd: Scratchpad,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[k('?')],
        cmd: Help,
    },
    Binding {
        ctx: C::Lesson,
        keys: &[k('q')],
        cmd: Quit,
    },
    // Exercise (the editor has the keyboard: only function keys, Ctrl and Alt here)
    Binding {
        ctx: C::Exercise,
        keys: &[code(KeyCode::F(5)), ctrl('r')],
        cmd: Run,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[code(KeyCode::F(6)), ctrl('t')],
        cmd: Check,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[code(KeyCode::F(7)), ctrl('g')],
        cmd: Hint,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[code(KeyCode::F(8)), ctrl('o')],
        cmd: Solution,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[code(KeyCode::F(4))],
        cmd: Reset,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[Key(KeyCode::Right, ALT), code(KeyCode::F(10))],
        cmd: NextExercise,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[Key(KeyCode::Left, ALT), code(KeyCode::F(9))],
        cmd: PrevExercise,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[ctrl('z')],
        cmd: Undo,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[ctrl('y')],
        cmd: Redo,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[Key(KeyCode::PageUp, SHIFT), Key(KeyCode::Up, ALT)],
        cmd: ScrollResultsUp,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[Key(KeyCode::PageDown, SHIFT), Key(KeyCode::Down, ALT)],
        cmd: ScrollResultsDown,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[Key(KeyCode::PageUp, ALT)],
        cmd: ScrollTaskUp,
    },
    Binding {
        ctx: C::Exercise,
        keys: &[Key(KeyCode::PageDown, ALT)],
        cmd: ScrollTaskDown,
    },
    // Scratchpad
    Binding {
        ctx: C::Scratch,
        keys: &[code(KeyCode::Enter), code(KeyCode::F(5)), ctrl('r')],
        cmd: Run,
    },
    Binding {
        ctx: C::Scratch,
        keys: &[Key(KeyCode::Enter, ALT)],
        cmd: NewLine,
    },
    Binding {
        ctx: C::Scratch,
        keys: &[code(KeyCode::Up)],
        cmd: HistoryPrev,
    },
    Binding {
        ctx: C::Scratch,
        keys: &[code(KeyCode::Down)],
        cmd: HistoryNext,
    },
    Binding {
        ctx: C::Scratch,
        keys: &[code(KeyCode::PageUp), Key(KeyCode::PageUp, SHIFT)],
        cmd: ScrollResultsUp,
    },
    Binding {
        ctx: C::Scratch,
        keys: &[code(KeyCode::PageDown), Key(KeyCode::PageDown, SHIFT)],
        cmd: ScrollResultsDown,
    },
];

impl Key {
    fn matches(&self, ev: &KeyEvent) -> bool {
        // Shift is part of the character itself (`G`, `?`), so it is ignored for characters.
        let mods = match ev.code {
            KeyCode::Char(_) => ev.modifiers - SHIFT,
            KeyCode::BackTab => ev.modifiers - SHIFT,
            _ => ev.modifiers,
        };
        let code = match ev.code {
            KeyCode::Char(c) if self.1.contains(CTRL) => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        self.0 == code && self.1 == mods
    }

    /// How the key is written in the help: `Ctrl-R`, `F5`, `Alt-→`.
    pub fn label(&self) -> String {
        let name = match self.0 {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.1.contains(CTRL) => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            other => format!("{other}"),
        };
        let mut out = String::new();
        if self.1.contains(CTRL) {
            out.push_str("Ctrl-");
        }
        if self.1.contains(ALT) {
            out.push_str("Alt-");
        }
        if self.1.contains(SHIFT) {
            out.push_str("Shift-");
        }
        out + &name
    }
}

/// The command bound to `ev` in `ctx` (screen bindings first, then global ones).
pub fn lookup(ctx: KeyContext, ev: &KeyEvent) -> Option<Cmd> {
    BINDINGS
        .iter()
        .filter(|b| b.ctx == ctx)
        .chain(BINDINGS.iter().filter(|b| b.ctx == KeyContext::Global))
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.cmd)
}

/// Whether `ev` is one of the keys of `cmd` in `ctx`.
pub fn is(ctx: KeyContext, cmd: Cmd, ev: &KeyEvent) -> bool {
    BINDINGS
        .iter()
        .filter(|b| b.ctx == ctx && b.cmd == cmd)
        .any(|b| b.keys.iter().any(|k| k.matches(ev)))
}

/// The bindings of one context, for the help overlay.
pub fn bindings(ctx: KeyContext) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.ctx == ctx)
}

pub fn keys_label(b: &Binding) -> String {
    b.keys
        .iter()
        .map(Key::label)
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_keys_win_over_global_ones_and_shift_is_ignored_for_characters() {
        let g = KeyEvent::new(KeyCode::Char('G'), SHIFT);
        assert_eq!(lookup(KeyContext::Home, &g), Some(Bottom));
        let q = KeyEvent::new(KeyCode::Char('q'), CTRL);
        assert_eq!(lookup(KeyContext::Exercise, &q), Some(Quit));
        let plain_q = KeyEvent::new(KeyCode::Char('q'), NONE);
        assert_eq!(lookup(KeyContext::Exercise, &plain_q), None);
        assert_eq!(Key(KeyCode::Right, ALT).label(), "Alt-→");
    }
}
