//! Where a browser may be sent after a form or a login.

/// Only paths on this site: an open redirect would let a phishing link log a
/// user in and send them elsewhere. Only visible ASCII, too: the path becomes a
/// `Location` header, which cannot carry anything else.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && path.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/p/2/goals")), "/p/2/goals");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/p/1\r\nSet-Cookie: x=1")), "/");
        assert_eq!(safe_next(Some("/目標")), "/");
    }
}
