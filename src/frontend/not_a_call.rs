//! What looks like a call in C and C++ but is not one: keywords that take
//! parentheses, casts, and compiler builtins that compile to no library call.
//! A macro body or a construct tree-sitter could not read often shows these as
//! calls (`if (x)` inside a macro, `__typeof__(a)`, `static_cast<T>(v)`).

/// How a name written as a call is not a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotACall {
    /// Its operands are not evaluated (`sizeof`, `typeof`, `offsetof`):
    /// calls written in them are not made either.
    Unevaluated,
    /// Its operands are evaluated (`__builtin_expect(f(), 0)`, `if (f())`,
    /// a cast): their calls are made, the name itself is no call.
    Evaluated,
}

/// Whether `name`, written as the callee of a call, is not a call.
pub fn not_a_call(name: &str) -> Option<NotACall> {
    let name = name.trim_start_matches("::");
    match name {
        "sizeof"
        | "alignof"
        | "_Alignof"
        | "__alignof__"
        | "__alignof"
        | "decltype"
        | "typeof"
        | "__typeof__"
        | "__typeof"
        | "typeid"
        | "noexcept"
        | "offsetof"
        | "static_assert"
        | "_Static_assert"
        | "defined"
        | "__attribute__"
        | "__attribute"
        | "__declspec"
        | "_Generic"
        | "__builtin_offsetof"
        | "__builtin_types_compatible_p"
        | "__builtin_constant_p"
        | "__has_include"
        | "__has_builtin"
        | "__has_attribute" => Some(NotACall::Unevaluated),
        "if" | "for" | "while" | "switch" | "return" | "do" | "else" | "case" | "__extension__"
        | "static_cast" | "dynamic_cast" | "reinterpret_cast" | "const_cast" | "asm"
        | "__asm__" | "__asm" | "volatile" | "__volatile" | "__volatile__" => {
            Some(NotACall::Evaluated)
        }
        // GCC and Clang builtins compile to instructions (the few that can
        // call the library, like __builtin_memcpy, call async-signal-safe
        // functions); __sync_ and __atomic_ are lock-free atomic operations.
        _ if name.starts_with("__builtin_")
            || name.starts_with("__sync_")
            || name.starts_with("__atomic_") =>
        {
            Some(NotACall::Evaluated)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_casts_and_builtins_are_not_calls() {
        assert_eq!(not_a_call("sizeof"), Some(NotACall::Unevaluated));
        assert_eq!(not_a_call("__typeof__"), Some(NotACall::Unevaluated));
        assert_eq!(not_a_call("__builtin_expect"), Some(NotACall::Evaluated));
        assert_eq!(not_a_call("static_cast"), Some(NotACall::Evaluated));
        assert_eq!(not_a_call("if"), Some(NotACall::Evaluated));
        assert_eq!(not_a_call("printf"), None);
        assert_eq!(not_a_call("builtin_printf"), None);
    }
}
