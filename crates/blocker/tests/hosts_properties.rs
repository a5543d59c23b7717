//! Property tests of the hosts-file editing: whatever the file looks like,
//! wherever a crash cuts a write, the result is the original file (with the
//! user's own edits) or the fully blocked one.

use deepblock_blocker::hostname::{Hostname, parse_all};
use deepblock_blocker::hosts::{Journal, Token, reconcile, section, tokens_in, without_section};
use proptest::prelude::*;

/// Hosts-file-like content: comments, tabs, addresses, blank lines, in LF
/// or CRLF, with or without a final newline, or empty.
fn any_file() -> impl Strategy<Value = Vec<u8>> {
    let line = prop::string::string_regex("[a-z0-9 .:#\t-]{0,30}").unwrap();
    (prop::collection::vec(line, 0..8), any::<bool>(), any::<bool>()).prop_map(
        |(lines, crlf, final_newline)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = lines.join(eol);
            if final_newline && !lines.is_empty() {
                text.push_str(eol);
            }
            text.into_bytes()
        },
    )
}

fn any_token() -> impl Strategy<Value = Token> {
    prop::string::string_regex("[0-9a-f]{16}").unwrap().prop_map(|t| Token::parse(&t).unwrap())
}

fn any_names() -> impl Strategy<Value = Vec<Hostname>> {
    prop::sample::subsequence(vec!["youtube.com", "reddit.com", "news.ycombinator.com", "x.com"], 1..4)
        .prop_map(|names| parse_all(names).unwrap())
}

fn blocked(original: &[u8], token: &Token, names: &[Hostname]) -> (Vec<u8>, Vec<u8>) {
    let added = section(original, token, names);
    let mut file = original.to_vec();
    file.extend_from_slice(&added);
    (file, added)
}

fn eol_of(file: &[u8]) -> &'static [u8] {
    match file.iter().position(|b| *b == b'\n') {
        Some(i) if i > 0 && file[i - 1] == b'\r' => b"\r\n",
        _ => b"\n",
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn removing_the_section_gives_back_every_byte(original in any_file(), token in any_token(), names in any_names()) {
        let (file, _) = blocked(&original, &token, &names);
        prop_assert_eq!(without_section(&file, &token), original);
    }

    #[test]
    fn user_edits_above_and_below_survive(
        original in any_file(), token in any_token(), names in any_names(),
        above in "[a-z0-9 .#]{1,20}", below in "[a-z0-9 .#]{0,20}",
    ) {
        let (file, _) = blocked(&original, &token, &names);
        let eol = eol_of(&file);
        let mut edited = [above.as_bytes(), eol].concat();
        edited.extend_from_slice(&file);
        edited.extend_from_slice(below.as_bytes());
        let mut expected = [above.as_bytes(), eol].concat();
        expected.extend_from_slice(&original);
        if !below.is_empty() && !original.is_empty() && !original.ends_with(b"\n") {
            expected.extend_from_slice(eol);
        }
        expected.extend_from_slice(below.as_bytes());
        prop_assert_eq!(without_section(&edited, &token), expected);
    }

    #[test]
    fn a_crash_at_any_byte_of_the_append_reconciles(original in any_file(), token in any_token(), names in any_names()) {
        let (full, added) = blocked(&original, &token, &names);
        let journal = Journal { token: token.clone(), original: original.clone(), section: added.clone(), pending: None };
        for cut in 0..=added.len() {
            let file = [&original[..], &added[..cut]].concat();
            prop_assert_eq!(reconcile(&file, Some(&journal), false), original.clone(), "cut at {}", cut);
            prop_assert_eq!(reconcile(&file, Some(&journal), true), full.clone(), "cut at {}", cut);
        }
    }

    #[test]
    fn a_crash_at_any_byte_of_the_removal_reconciles(
        original in any_file(), token in any_token(), names in any_names(), below in "[a-z0-9 .#]{0,20}",
    ) {
        let (mut old, added) = blocked(&original, &token, &names);
        old.extend_from_slice(below.as_bytes());
        let new = without_section(&old, &token);
        // A crash before the removal was journaled leaves the file whole;
        // reconcile must remove the section by its markers alone.
        let before = Journal { token: token.clone(), original: original.clone(), section: added.clone(), pending: None };
        prop_assert_eq!(reconcile(&old, Some(&before), false), new.clone());
        // After it was journaled, any mix of new and old bytes becomes new.
        let journal = Journal { token, original, section: added, pending: Some(new.clone()) };
        // The daemon rewrites in place from the start, then truncates.
        for cut in 0..=new.len() {
            let mut file = new[..cut].to_vec();
            file.extend_from_slice(old.get(cut..).unwrap_or_default());
            prop_assert_eq!(reconcile(&file, Some(&journal), false), new.clone(), "cut at {}", cut);
        }
    }

    #[test]
    fn a_running_session_survives_user_edits_without_doubling(
        original in any_file(), token in any_token(), names in any_names(), above in "[a-z0-9 .#]{1,20}",
    ) {
        let (file, added) = blocked(&original, &token, &names);
        let eol = eol_of(&file);
        let edited = [above.as_bytes(), eol, &file].concat();
        let journal = Journal { token: token.clone(), original, section: added, pending: None };
        let again = reconcile(&edited, Some(&journal), true);
        prop_assert_eq!(&again, &edited);
        prop_assert_eq!(tokens_in(&again), vec![token]);
    }

    #[test]
    fn stale_sections_without_a_journal_are_all_removed(
        original in any_file(), first in any_token(), second in any_token(), names in any_names(),
    ) {
        let (once, _) = blocked(&original, &first, &names);
        let (twice, _) = blocked(&once, &second, &names);
        prop_assert_eq!(tokens_in(&twice).len(), 2);
        prop_assert_eq!(reconcile(&twice, None, false), original);
    }

    #[test]
    fn a_lost_end_marker_still_removes_the_section(original in any_file(), token in any_token(), names in any_names()) {
        let (file, _) = blocked(&original, &token, &names);
        let text = String::from_utf8(file).unwrap();
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let without_end = text.trim_end_matches(eol).rsplit_once(eol).map(|(head, _)| format!("{head}{eol}")).unwrap();
        prop_assert_eq!(without_section(without_end.as_bytes(), &token), original);
    }
}

#[test]
fn marker_look_alikes_are_left_alone() {
    let file = b"127.0.0.1 localhost\n\
        # >>> deepblock notatoken sep >>> mine\n\
        # >>> deepblock 0123456789ABCDEF sep >>> upper case is not ours\n\
        #>>> deepblock 0123456789abcdef sep >>>\n\
        x # >>> deepblock 0123456789abcdef sep >>>\n\
        # >>> deepblock 0123456789abcdef maybe >>>\n\
        0.0.0.0 my-own-block.example\n"
        .to_vec();
    assert!(tokens_in(&file).is_empty());
    assert_eq!(reconcile(&file, None, false), file);
}

#[test]
fn crlf_files_get_crlf_sections() {
    let original = b"127.0.0.1 localhost\r\n::1 localhost\r\n".to_vec();
    let token = Token::parse("00000000000000aa").unwrap();
    let added = section(&original, &token, &parse_all(["youtube.com"]).unwrap());
    let text = String::from_utf8(added).unwrap();
    assert!(
        text.lines().count() > 3 && text.split('\n').all(|l| l.is_empty() || l.ends_with('\r')),
        "{text:?}"
    );
}
