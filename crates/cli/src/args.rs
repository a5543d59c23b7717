//! The command line, as clap parses it. Values that need the user's zone
//! (times) stay strings here and are read once the zone is known.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use deepblock_core::focus::Rhythm;
use deepblock_core::rules::Half;
use deepblock_core::{Category, Kind};

/// Plan and defend deep work: blocks on a week, no-meeting days, and the
/// rules that keep them.
#[derive(Debug, Parser)]
#[command(name = "deepblock", version, max_term_width = 100)]
pub struct Cli {
    /// The database file [default: deepblock.db in the platform data directory]
    #[arg(long, global = true, env = "DEEPBLOCK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The IANA time zone to plan in [default: the system's]
    #[arg(long, global = true, env = "DEEPBLOCK_TZ", value_name = "ZONE")]
    pub tz: Option<String>,
    /// Print machine-readable JSON
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The command groups.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Plan blocks of time
    #[command(subcommand)]
    Block(BlockCommand),
    /// Declare and check rules
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Publish the plan
    #[command(subcommand)]
    Export(ExportCommand),
    /// Bring in meetings from other calendars, read-only
    #[command(subcommand)]
    Import(ImportCommand),
    /// Calendars kept fresh from their address: Google, Outlook, any .ics feed
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Focus sessions
    #[command(subcommand)]
    Focus(FocusCommand),
    /// The tracking timer: what your time actually goes to, as you work
    #[command(subcommand)]
    Track(TrackCommand),
    /// Where the week went: planned against actual, focus, context switches
    #[command(subcommand)]
    Review(ReviewCommand),
    /// Record time already spent: `log 45m --category admin`, or `log import FILE.csv`
    Log(LogArgs),
    /// The backlog: tasks with impact and effort, planned into blocks before they are due
    #[command(subcommand)]
    Task(TaskCommand),
    /// The sites focus sessions block
    #[command(subcommand)]
    Blocklist(BlocklistCommand),
    /// Send yourself a notification (held during focus unless urgent)
    Notify {
        /// The title, as in "run 42 finished"
        #[arg(long)]
        title: String,
        /// More detail
        #[arg(long, default_value = "")]
        body: String,
        /// Show it at once, even during focus
        #[arg(long)]
        urgent: bool,
        /// Run this first (after `--`) and send the notification when it
        /// ends, saying how it went; meanwhile the app offers a low-energy
        /// task for the wait
        #[arg(last = true, value_name = "COMMAND")]
        command: Vec<String>,
    },
    /// Check an invitation against your rules and write the reply
    Invite {
        /// The invitation (.ics, METHOD:REQUEST or CANCEL)
        file: PathBuf,
        /// Write the iTIP reply (ACCEPTED or DECLINED) to this file
        #[arg(long, value_name = "FILE")]
        reply_out: Option<PathBuf>,
        /// Also propose the next free slot for declined times, as FILE-counter.ics
        #[arg(long, requires = "reply_out")]
        counter: bool,
        /// Do not add the accepted meeting to your plan
        #[arg(long)]
        no_join: bool,
    },
    /// Serve the plan as a calendar feed on 127.0.0.1 for Outlook, Apple Calendar and Thunderbird
    Serve {
        /// The port [default: 8712; 0 picks a free one]
        #[arg(long)]
        port: Option<u16>,
    },
}

/// `deepblock import …`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Read an .ics file's meetings; importing it again updates them
    Ics {
        /// The file, as Google, Outlook, Apple or Thunderbird export it
        file: PathBuf,
        /// The name to keep its meetings under [default: the file's name]
        #[arg(long)]
        calendar: Option<String>,
    },
}

/// `deepblock calendar …`
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Subscribe to a calendar by address: Google's "secret address in iCal format", an Outlook published calendar, any .ics feed
    Subscribe {
        /// The name to keep its meetings under
        name: String,
        /// The address: https://, http:// (a server on your network) or webcal://
        url: String,
        /// How often to fetch it: 15m, 2h, 1d [default: 15m]
        #[arg(long, value_name = "INTERVAL")]
        every: Option<String>,
        /// The user name, for a feed behind a password (the password is asked for and kept in the keyring)
        #[arg(long)]
        user: Option<String>,
        /// Read the password from standard input instead of asking
        #[arg(long, requires = "user")]
        password_stdin: bool,
    },
    /// Connect a CalDAV account (Nextcloud, Fastmail, iCloud, SOGo, Radicale…): read meetings from its calendars, publish your blocks into one
    Connect {
        /// The name to keep the account under
        name: String,
        /// The server's address, or any address on it (https://cloud.example.org/remote.php/dav)
        url: String,
        /// The user name
        #[arg(long)]
        user: String,
        /// Read the password (or app password) from standard input instead of asking
        #[arg(long)]
        password_stdin: bool,
        /// The calendar to publish your blocks into, by name [asked when neither this nor --read is given]
        #[arg(long, value_name = "CALENDAR")]
        publish_to: Option<String>,
        /// The calendars whose events are meetings, by name, separated by commas
        #[arg(long, value_name = "CALENDAR,…", value_delimiter = ',')]
        read: Vec<String>,
    },
    /// Fetch the subscribed calendars and sync the connected ones now (or only NAME); exits 3 when one could not be reached
    Sync {
        /// Only this calendar
        name: Option<String>,
        /// Give up on a calendar after this many seconds [default: 60]
        #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
        timeout: Option<u64>,
    },
    /// The subscribed and connected calendars and where each stands
    List,
    /// Published blocks changed both here and on the server, waiting for you to choose
    Conflicts,
    /// Settle a conflict by keeping your version or the server's
    Resolve {
        /// The block's UID, as `calendar conflicts` lists it
        uid: String,
        /// Which version to keep
        #[arg(long, value_enum)]
        keep: KeepArg,
    },
    /// Invitations in connected calendars that break a rule: waiting for you, declined, or kept
    Invitations,
    /// Decline a waiting invitation on the server; the organizer gets the reply with your decline comment
    Decline {
        /// The meeting's UID, as `calendar invitations` lists it
        uid: String,
        /// Propose the first free slot in the comment
        #[arg(long)]
        propose: bool,
    },
    /// Go to a waiting invitation despite the rule; it is not asked about again unless it moves
    Keep {
        /// The meeting's UID, as `calendar invitations` lists it
        uid: String,
    },
    /// Unsubscribe or disconnect, removing the calendar's meetings from the plan
    Rm {
        /// The calendar's name
        name: String,
    },
}

/// What a task says, for `task add` and `task edit`.
#[derive(Debug, Args)]
pub struct TaskFields {
    /// How long it takes: 90m, 6h, 1h30m (at most 200h)
    #[arg(long)]
    pub estimate: Option<String>,
    /// The day it must be done by (2026-12-11), or `none`
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// How much it matters: high or low [add: high]
    #[arg(long)]
    pub impact: Option<String>,
    /// How much it takes: high or low [add: high]
    #[arg(long)]
    pub effort: Option<String>,
    /// What the time goes to: data-prep, model-dev, training, evaluation, research-learning, documentation, admin, other [add: model-dev]
    #[arg(long)]
    pub category: Option<String>,
    /// The shortest chunk it is split into (deep work: never under the deep-block minimum), or `none`
    #[arg(long, value_name = "LENGTH")]
    pub chunk_min: Option<String>,
    /// A task to finish first (repeat for more; `task edit --after none` clears them)
    #[arg(long, value_name = "TASK")]
    pub after: Vec<String>,
    /// The first day to work on it, or `none`
    #[arg(long, value_name = "DATE")]
    pub not_before: Option<String>,
    /// An experiment's upside, 1 to 5 (give --cost and --learning too)
    #[arg(long, value_name = "1-5", requires_all = ["cost", "learning"])]
    pub upside: Option<u8>,
    /// An experiment's cost to run, 1 to 5
    #[arg(long, value_name = "1-5", requires_all = ["upside", "learning"])]
    pub cost: Option<u8>,
    /// An experiment's learning value, 1 to 5
    #[arg(long, value_name = "1-5", requires_all = ["upside", "cost"])]
    pub learning: Option<u8>,
}

/// `deepblock task …`
#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Add a task: `task add "Implement RoPE scaling" --estimate 6h --due 2026-12-11`
    Add {
        /// What to do
        title: String,
        #[command(flatten)]
        fields: TaskFields,
    },
    /// Every task with its quadrant, time placed and next chunk
    List,
    /// The open experiments ranked by (2 × upside + learning) ÷ cost, ready ones first
    Experiments,
    /// Change what a task says
    Edit {
        /// Its number, from `task list`
        id: String,
        /// A new title
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        fields: TaskFields,
    },
    /// Mark a task finished; its chunks not yet begun leave the calendar
    Done {
        /// Its number, from `task list`
        id: String,
    },
    /// Remove a task; its chunks not yet begun leave the calendar
    Rm {
        /// Its number, from `task list`
        id: String,
    },
    /// Place the backlog into free workday time before the due dates, and say why each chunk is where it is
    Plan {
        /// The first day to plan [default: today]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// The last day to plan [default: two weeks, or the latest due date]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Keep a task's chunk where it is when the backlog is planned again
    Pin {
        /// The chunk's block id (from `task plan` or `block list`)
        block: i64,
        /// Let the scheduler move it again
        #[arg(long)]
        unpin: bool,
    },
}

/// `deepblock track …`
#[derive(Debug, Subcommand)]
pub enum TrackCommand {
    /// Start the timer on a category, stopping the one running
    Start {
        /// What the time goes to: data-prep, model-dev, training, evaluation, research-learning, meetings, documentation, admin, other
        category: String,
        /// A note kept with it
        #[arg(long)]
        note: Option<String>,
    },
    /// Stop the timer and record its time
    Stop,
    /// What the timer is on, and for how long
    Status,
    /// Read what ActivityWatch saw in a week now (the review also does)
    Pull {
        /// An ISO week such as 2026-W49, or `last` [default: this week]
        #[arg(long)]
        week: Option<String>,
    },
    /// Mark a meeting you did not attend, so the review does not count it
    Skip {
        /// The meeting's block id (from `block list`)
        id: i64,
        /// The day of the occurrence (2026-12-01) [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Count it again: you were there after all
        #[arg(long)]
        attended: bool,
    },
}

/// `deepblock log LENGTH --category C` or `deepblock log import FILE`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct LogArgs {
    /// Bring in a timesheet instead of logging one entry
    #[command(subcommand)]
    pub action: Option<LogCommand>,
    /// How long: 45m, 1h30m, 1.5h
    #[arg(allow_hyphen_values = true, required = true)]
    pub length: Option<String>,
    /// What it went to: data-prep, model-dev, training, evaluation, research-learning, meetings, documentation, admin, other
    #[arg(long, required = true)]
    pub category: Option<String>,
    /// When it started (2026-11-30T14:00, local) [default: it ends now]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// A note kept with it
    #[arg(long)]
    pub note: Option<String>,
}

/// `deepblock log import …`
#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Import a timesheet: ours (review week --csv), or a Toggl or Clockify detailed report
    Import {
        /// The CSV file
        file: PathBuf,
        /// The category of another tracker's project or tag: --map 'Thesis=research-learning'
        #[arg(long = "map", value_name = "NAME=CATEGORY")]
        map: Vec<String>,
        /// Check and count, write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

/// `deepblock review …`
#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// A week's review: per category and kind, per day, and findings
    Week {
        /// An ISO week such as 2026-W49, or `last` [default: this week]
        #[arg(long)]
        week: Option<String>,
        /// Print the week's actual time as CSV, one row per interval
        #[arg(long)]
        csv: bool,
    },
    /// The week's retro: show the answers, or give them
    Retro {
        /// An ISO week such as 2026-W49, or `last` [default: this week]
        #[arg(long)]
        week: Option<String>,
        /// What worked
        #[arg(long)]
        worked: Option<String>,
        /// What did not
        #[arg(long)]
        did_not: Option<String>,
        /// What changes next week
        #[arg(long)]
        change: Option<String>,
    },
    /// Plan next week from this one: copy the one-off blocks that held, drop the ones that did not
    NextWeek {
        /// The week to copy from: an ISO week, or `last` [default: this week]
        #[arg(long)]
        week: Option<String>,
    },
}

/// `deepblock rules track …`
#[derive(Debug, Subcommand)]
pub enum TrackRuleCommand {
    /// Add a rule, tried before the others: `rules track add 'jupyter|vscode.*train' model-dev`
    Add {
        /// A regular expression, matched without case against the app, the title and the address
        pattern: String,
        /// Where matching time goes
        category: String,
    },
    /// Remove a rule
    Rm {
        /// Its number, from `rules track list`
        id: i64,
    },
    /// The rules, in the order they are tried, and where ActivityWatch is read
    List,
}

/// A setting turned on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    /// On
    On,
    /// Off
    Off,
}

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KeepArg {
    /// Yours: written over the server's at the next sync
    Mine,
    /// The server's: taken into the plan now
    Theirs,
}

/// `deepblock focus …`
#[derive(Debug, Subcommand)]
pub enum FocusCommand {
    /// Start a focus session now
    Start {
        /// Length in minutes [default: 120]
        #[arg(long, conflicts_with = "until")]
        minutes: Option<u32>,
        /// End time instead of a length
        #[arg(long, value_name = "T")]
        until: Option<String>,
        /// Focus/break minutes: 25/5, 50/10, 90/20 or your own
        #[arg(long, value_parser = parse_rhythm)]
        rhythm: Option<Rhythm>,
        /// Refuse to stop early (it can still be extended)
        #[arg(long)]
        locked: bool,
        /// A debugging time-box of this length (2h): its end says to step away
        #[arg(long, value_name = "LENGTH", conflicts_with_all = ["minutes", "until"], requires = "question")]
        timebox: Option<String>,
        /// What the time-box is about, as in "loss NaN after warmup"
        #[arg(requires = "timebox")]
        question: Option<String>,
    },
    /// Make the running session longer (locked ones too)
    Extend {
        /// Minutes to add
        #[arg(long, conflicts_with = "until", required_unless_present = "until")]
        minutes: Option<u32>,
        /// New end time
        #[arg(long, value_name = "T")]
        until: Option<String>,
    },
    /// Stop the running session
    Stop,
    /// Record that the last time-box found its cause (or, with --no, did not)
    Found {
        /// The cause was not found
        #[arg(long)]
        no: bool,
    },
    /// Show the phase and the time left
    Status,
    /// Start sessions as blocks begin (see `rules auto-focus`), as the desktop app does, until Ctrl+C
    Follow {
        /// Look at the plan once and exit (for a timer or cron)
        #[arg(long)]
        once: bool,
    },
}

/// `deepblock blocklist …`
#[derive(Debug, Subcommand)]
pub enum BlocklistCommand {
    /// Block these hosts during focus sessions
    Add {
        /// Hostnames such as youtube.com
        #[arg(required = true)]
        hosts: Vec<String>,
    },
    /// Stop blocking these hosts
    Rm {
        /// Hostnames
        #[arg(required = true)]
        hosts: Vec<String>,
    },
    /// Show the blocklist
    List,
}

/// `deepblock export …`
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write the plan as iCalendar (.ics) for Google Calendar, Outlook and others
    Ics {
        /// First date [default: four weeks ago]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last date [default: a year ahead]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Write to this file instead of standard output
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// `deepblock block …`
#[derive(Debug, Subcommand)]
pub enum BlockCommand {
    /// Add a block
    Add {
        /// What the block is for
        #[arg(long, value_parser = parse_kind)]
        kind: Kind,
        /// When it starts: 2026-11-30T09:00 (local) or RFC 3339
        #[arg(long)]
        start: String,
        /// When it ends
        #[arg(long)]
        end: String,
        /// Title [default: the kind's name]
        #[arg(long)]
        title: Option<String>,
        /// What the time goes to [default: from the kind]
        #[arg(long, value_parser = parse_category)]
        category: Option<Category>,
        /// Repeat at the same local time
        #[arg(long, value_enum)]
        repeat: Option<RepeatArg>,
        /// Last date of the repeat (with --repeat)
        #[arg(long, requires = "repeat", value_name = "DATE")]
        until: Option<String>,
        /// Refuse meetings on top of this block
        #[arg(long)]
        protected: bool,
        /// Place it even if it breaks a rule; the reason is recorded
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
    /// List a week's blocks
    List {
        /// An ISO week such as 2026-W49 [default: this week]
        #[arg(long, conflicts_with_all = ["from", "to"])]
        week: Option<String>,
        /// First date to list (with --to)
        #[arg(long, requires = "to", value_name = "DATE")]
        from: Option<String>,
        /// Last date to list (with --from)
        #[arg(long, requires = "from", value_name = "DATE")]
        to: Option<String>,
    },
    /// Move or resize a block (or one occurrence of a repeating block)
    Move {
        /// The block's id
        id: i64,
        /// New start; the length stays unless --end is given
        #[arg(long, required_unless_present = "end")]
        start: Option<String>,
        /// New end; alone, it resizes the block
        #[arg(long)]
        end: Option<String>,
        /// Only this occurrence, named by its local start (see `block list`)
        #[arg(long, value_name = "T")]
        occurrence: Option<String>,
        /// Move it even if it breaks a rule; the reason is recorded
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
    },
    /// Change a block's title, kind, category, protection or repetition
    Edit {
        /// The block's id
        id: i64,
        /// New title
        #[arg(long)]
        title: Option<String>,
        /// New kind
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        /// New category
        #[arg(long, value_parser = parse_category)]
        category: Option<Category>,
        /// Protect it, or not
        #[arg(long, value_name = "BOOL")]
        protected: Option<bool>,
        /// Make it repeat weekly, or happen once
        #[arg(long, value_enum)]
        repeat: Option<RepeatChange>,
    },
    /// Delete a block (or one occurrence of a repeating block)
    Rm {
        /// The block's id
        id: i64,
        /// Only this occurrence, named by its local start (see `block list`)
        #[arg(long, value_name = "T")]
        occurrence: Option<String>,
    },
}

/// How a new block repeats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RepeatArg {
    /// Every week
    Weekly,
}

/// How an edited block repeats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RepeatChange {
    /// Every week
    Weekly,
    /// Once (a series keeps its first occurrence)
    None,
}

/// `deepblock rules …`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Days and half-days without meetings
    #[command(subcommand)]
    NoMeeting(NoMeetingCommand),
    /// Set working hours and days
    Workday {
        /// Start of the working day, HH:MM
        #[arg(long, required_unless_present_any = ["end", "days"])]
        start: Option<String>,
        /// End of the working day, HH:MM
        #[arg(long)]
        end: Option<String>,
        /// Working days: mon-fri, or mon,tue,thu
        #[arg(long)]
        days: Option<String>,
    },
    /// Set weekly goals in hours
    Goals {
        /// Hours of deep work a week
        #[arg(long, required_unless_present = "learning", value_name = "HOURS")]
        deep: Option<f64>,
        /// Hours of learning a week
        #[arg(long, value_name = "HOURS")]
        learning: Option<f64>,
    },
    /// Set the shortest deep block that gets no warning
    MinDeep {
        /// Minutes
        minutes: u32,
    },
    /// Set the comment sent with declined invitations ({reason} becomes the rule's message)
    DeclineComment {
        /// The comment
        text: String,
    },
    /// Choose which kinds of block colleagues see as busy in connected calendars and exports (the rest show as free)
    Busy {
        /// deep,learning,meeting (the default), any kinds, or none
        kinds: String,
    },
    /// Rules that map what ActivityWatch saw onto categories
    #[command(subcommand)]
    Track(TrackRuleCommand),
    /// Where ActivityWatch runs (http://127.0.0.1:5600 by default), or off
    Activitywatch {
        /// The server's address, or `off`
        address: String,
    },
    /// Decline invitations in connected calendars that break a rule on the server, without asking (off by default)
    AutoDecline {
        /// on or off
        #[arg(value_enum)]
        state: Switch,
    },
    /// Set the first day of the week
    WeekStart {
        /// mon, sun, …
        day: String,
    },
    /// Choose which kinds of block start a focus session when they begin
    AutoFocus {
        /// deep (the default), deep,learning, … or none
        kinds: String,
    },
    /// Set the rhythm of focus sessions started without one
    FocusRhythm {
        /// Focus/break minutes: 25/5, 50/10, 90/20 or your own
        #[arg(value_parser = parse_rhythm)]
        rhythm: Rhythm,
    },
    /// Who "me" is in invitations
    #[command(subcommand)]
    Me(MeCommand),
    /// Show every rule and setting
    List,
    /// List rule breaches and goal shortfalls in a week
    Check {
        /// An ISO week such as 2026-W49 [default: this week]
        #[arg(long)]
        week: Option<String>,
    },
}

/// `deepblock rules no-meeting …`
#[derive(Debug, Subcommand)]
pub enum NoMeetingCommand {
    /// Add a no-meeting weekday, date or date range
    Add(NoMeetingWhenArgs),
    /// Remove a no-meeting rule by id (see `rules list`)
    Rm {
        /// The rule's id
        id: i64,
    },
}

/// Exactly one of a weekday, a date, or a range (checked after parsing, so
/// the message can say it in one line).
#[derive(Debug, Args)]
pub struct NoMeetingWhenArgs {
    /// Every week on this day: mon, tue, wed, …
    #[arg(long, conflicts_with_all = ["date", "from"])]
    pub weekday: Option<String>,
    /// One date, YYYY-MM-DD
    #[arg(long, conflicts_with = "from")]
    pub date: Option<String>,
    /// Only the morning (am) or the afternoon (pm)
    #[arg(long, value_parser = parse_half)]
    pub half: Option<Half>,
    /// First date of a range (with --to)
    #[arg(long, requires = "to", conflicts_with = "half")]
    pub from: Option<String>,
    /// Last date of a range (with --from)
    #[arg(long, requires = "from")]
    pub to: Option<String>,
}

/// `deepblock rules me …`
#[derive(Debug, Subcommand)]
pub enum MeCommand {
    /// Add one of your email addresses
    Add {
        /// The address
        email: String,
    },
    /// Remove one of your email addresses
    Rm {
        /// The address
        email: String,
    },
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    text.parse().map_err(|e: deepblock_core::CoreError| e.to_string())
}

fn parse_category(text: &str) -> Result<Category, String> {
    text.parse().map_err(|e: deepblock_core::CoreError| e.to_string())
}

fn parse_rhythm(text: &str) -> Result<Rhythm, String> {
    text.parse().map_err(|e: deepblock_core::CoreError| e.to_string())
}

fn parse_half(text: &str) -> Result<Half, String> {
    text.parse().map_err(|e: deepblock_core::CoreError| e.to_string())
}
