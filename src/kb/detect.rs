//! Guessing the language of a message when the platform gave no locale.

use whatlang::{Detector, Lang as Wl};

use crate::domain::Lang;

/// Below this many letters whatlang's guesses are close to coin flips.
const MIN_LETTERS: usize = 12;
/// whatlang's own `is_reliable` rejects most short chat messages even among
/// four languages; its confidence is the margin over the runner-up, and above
/// this value the guess was right on our checks (Catalan vs Spanish is the
/// hardest pair).
const MIN_CONFIDENCE: f64 = 0.15;

/// The language of `text` among pt, es, ca and en, or `None` when the text is
/// too short or the guess is unreliable.
pub fn detect_language(text: &str) -> Option<Lang> {
    if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let detector = Detector::with_allowlist(vec![Wl::Por, Wl::Spa, Wl::Cat, Wl::Eng]);
    let info = detector.detect(text)?;
    if !info.is_reliable() && info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    match info.lang() {
        Wl::Por => Some(Lang::Pt),
        Wl::Spa => Some(Lang::Es),
        Wl::Cat => Some(Lang::Ca),
        Wl::Eng => Some(Lang::En),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_sentences_are_recognised_in_each_language() {
        assert_eq!(detect_language("Não consigo entrar na minha conta, esqueci-me da palavra-passe"), Some(Lang::Pt));
        assert_eq!(detect_language("No puedo entrar en mi cuenta porque olvidé la contraseña"), Some(Lang::Es));
        assert_eq!(detect_language("No puc entrar al meu compte perquè he oblidat la contrasenya"), Some(Lang::Ca));
        assert_eq!(detect_language("vull canviar la meva contrasenya"), Some(Lang::Ca));
        assert_eq!(detect_language("quiero cambiar mi contraseña"), Some(Lang::Es));
        assert_eq!(detect_language("I cannot log into my account because I forgot the password"), Some(Lang::En));
    }

    #[test]
    fn short_text_is_not_guessed() {
        assert_eq!(detect_language("ok"), None);
        assert_eq!(detect_language("hi there"), None);
        assert_eq!(detect_language("hola buenos dias"), None);
    }
}
