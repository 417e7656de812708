//! People's own accounts: logging in and out, changing one's password under
//! the throttle on password checks, and choosing the first password.

pub mod attempts;
pub mod first_password;
pub mod login;
pub mod password;
