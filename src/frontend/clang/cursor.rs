//! Thin safe wrappers over the libclang calls the lowering makes: cursor
//! kinds, children, names, USRs, types and tokens.
//!
//! Every function here must run on a thread that has the library set
//! (`clang_sys::set_library`), inside the life of the translation unit the
//! cursors come from.

use std::ffi::CStr;

use clang_sys::*;

pub type Cursor = CXCursor;

pub fn kind(cursor: Cursor) -> CXCursorKind {
    unsafe { clang_getCursorKind(cursor) }
}

/// The value of an integer constant expression (a literal written by a macro,
/// such as the `0` of `NULL`, included).
pub fn integer_value(cursor: Cursor) -> Option<i64> {
    // SAFETY: the cursor belongs to a live translation unit, and the result is
    // disposed of before returning.
    unsafe {
        let result = clang_Cursor_Evaluate(cursor);
        if result.is_null() {
            return None;
        }
        let value = (clang_EvalResult_getKind(result) == CXEval_Int)
            .then(|| clang_EvalResult_getAsLongLong(result));
        clang_EvalResult_dispose(result);
        value
    }
}

pub fn is_null(cursor: Cursor) -> bool {
    unsafe { clang_Cursor_isNull(cursor) != 0 }
}

pub fn is_expression(cursor: Cursor) -> bool {
    unsafe { clang_isExpression(kind(cursor)) != 0 }
}

pub fn is_statement(cursor: Cursor) -> bool {
    unsafe { clang_isStatement(kind(cursor)) != 0 }
}

extern "C" fn collect(
    cursor: CXCursor,
    _parent: CXCursor,
    data: CXClientData,
) -> CXChildVisitResult {
    // SAFETY: `children` passes a `Vec<CXCursor>` that outlives the visit.
    let out = unsafe { &mut *(data as *mut Vec<CXCursor>) };
    out.push(cursor);
    CXChildVisit_Continue
}

/// The direct children, in libclang's order.
pub fn children(cursor: Cursor) -> Vec<Cursor> {
    let mut out: Vec<CXCursor> = Vec::new();
    unsafe {
        clang_visitChildren(
            cursor,
            collect,
            &mut out as *mut Vec<CXCursor> as CXClientData,
        );
    }
    out
}

/// Takes ownership of a libclang string.
pub fn string(s: CXString) -> String {
    unsafe {
        let ptr = clang_getCString(s);
        let text = if ptr.is_null() {
            String::new()
        } else {
            CStr::from_ptr(ptr).to_string_lossy().into_owned()
        };
        clang_disposeString(s);
        text
    }
}

pub fn spelling(cursor: Cursor) -> String {
    string(unsafe { clang_getCursorSpelling(cursor) })
}

pub fn usr(cursor: Cursor) -> String {
    string(unsafe { clang_getCursorUSR(cursor) })
}

/// The value of an enumerator declaration.
pub fn enum_value(cursor: Cursor) -> i64 {
    unsafe { clang_getEnumConstantDeclValue(cursor) }
}

/// The declaration an expression or reference names, if any.
pub fn referenced(cursor: Cursor) -> Option<Cursor> {
    let target = unsafe { clang_getCursorReferenced(cursor) };
    (!is_null(target) && unsafe { clang_isInvalid(kind(target)) } == 0).then_some(target)
}

pub fn semantic_parent(cursor: Cursor) -> Option<Cursor> {
    let parent = unsafe { clang_getCursorSemanticParent(cursor) };
    (!is_null(parent) && unsafe { clang_isInvalid(kind(parent)) } == 0).then_some(parent)
}

pub fn is_definition(cursor: Cursor) -> bool {
    unsafe { clang_isCursorDefinition(cursor) != 0 }
}

pub fn has_internal_linkage(cursor: Cursor) -> bool {
    matches!(
        unsafe { clang_getCursorLinkage(cursor) },
        CXLinkage_Internal | CXLinkage_NoLinkage
    )
}

pub fn type_of(cursor: Cursor) -> CXType {
    unsafe { clang_getCursorType(cursor) }
}

pub fn type_spelling(ty: CXType) -> String {
    string(unsafe { clang_getTypeSpelling(ty) })
}

/// The type with pointers and references removed.
pub fn pointee(ty: CXType) -> CXType {
    let canonical = unsafe { clang_getCanonicalType(ty) };
    match canonical.kind {
        CXType_Pointer | CXType_LValueReference | CXType_RValueReference => unsafe {
            clang_getPointeeType(ty)
        },
        _ => ty,
    }
}

pub fn is_pointer(ty: CXType) -> bool {
    unsafe { clang_getCanonicalType(ty) }.kind == CXType_Pointer
}

/// The class a type names (through typedefs), if it is a class.
pub fn record_declaration(ty: CXType) -> Option<Cursor> {
    let canonical = unsafe { clang_getCanonicalType(ty) };
    if canonical.kind != CXType_Record {
        return None;
    }
    let declaration = unsafe { clang_getTypeDeclaration(canonical) };
    (!is_null(declaration)).then_some(declaration)
}

/// The initialiser of a variable.
pub fn initializer(var: Cursor) -> Option<Cursor> {
    let init = unsafe { clang_Cursor_getVarDeclInitializer(var) };
    (!is_null(init) && unsafe { clang_isInvalid(kind(init)) } == 0).then_some(init)
}

/// Whether the namespace is `inline` (`std::__cxx11`) or anonymous: neither
/// shows in the names users write.
pub fn is_transparent_namespace(cursor: Cursor) -> bool {
    let inline = unsafe { clang_Cursor_isInlineNamespace(cursor) != 0 };
    inline || spelling(cursor).is_empty()
}

/// Whether the cursor is a class, struct, union or class template.
pub fn is_class(cursor: Cursor) -> bool {
    matches!(
        kind(cursor),
        CXCursor_ClassDecl
            | CXCursor_StructDecl
            | CXCursor_UnionDecl
            | CXCursor_ClassTemplate
            | CXCursor_ClassTemplatePartialSpecialization
    )
}

/// `ns::Class` for a declaration's enclosing scopes (inline and anonymous
/// namespaces left out, template arguments stripped).
pub fn scope_name(declaration: Cursor) -> String {
    let mut parts = Vec::new();
    let mut current = semantic_parent(declaration);
    while let Some(parent) = current {
        match kind(parent) {
            CXCursor_Namespace if is_transparent_namespace(parent) => {}
            CXCursor_Namespace => parts.push(spelling(parent)),
            _ if is_class(parent) => {
                let name = spelling(parent);
                let name = name.split('<').next().unwrap_or("").trim().to_string();
                parts.push(name);
            }
            _ => break,
        }
        current = semantic_parent(parent);
    }
    parts.reverse();
    parts.join("::")
}

/// `ns::Class::name`, or the bare name at file scope.
pub fn qualified_name(declaration: Cursor) -> String {
    let scope = scope_name(declaration);
    let name = spelling(declaration);
    if scope.is_empty() {
        name
    } else {
        format!("{scope}::{name}")
    }
}

/// The spellings of the tokens in a source range.
pub fn tokens(tu: CXTranslationUnit, range: CXSourceRange) -> Vec<String> {
    let mut tokens: *mut CXToken = std::ptr::null_mut();
    let mut count: u32 = 0;
    unsafe {
        clang_tokenize(tu, range, &mut tokens, &mut count);
        let out = (0..count as usize)
            .map(|i| string(clang_getTokenSpelling(tu, *tokens.add(i))))
            .collect();
        if !tokens.is_null() {
            clang_disposeTokens(tu, tokens, count);
        }
        out
    }
}

pub fn extent(cursor: Cursor) -> CXSourceRange {
    unsafe { clang_getCursorExtent(cursor) }
}

/// The tokens between the end of `before` and the start of `after` (an
/// operator between its operands).
pub fn tokens_between(tu: CXTranslationUnit, before: Cursor, after: Cursor) -> Vec<String> {
    let end = unsafe { clang_getRangeEnd(extent(before)) };
    tokens_from(tu, end, after)
}

/// The tokens from the start of `outer` to the start of `inner` (a prefix
/// operator).
pub fn tokens_before(tu: CXTranslationUnit, outer: Cursor, inner: Cursor) -> Vec<String> {
    let start = unsafe { clang_getRangeStart(extent(outer)) };
    tokens_from(tu, start, inner)
}

/// The tokens from `start` to the start of `until`.
fn tokens_from(tu: CXTranslationUnit, start: CXSourceLocation, until: Cursor) -> Vec<String> {
    unsafe {
        let range = clang_getRange(start, clang_getRangeStart(extent(until)));
        tokens(tu, range)
    }
}

/// A readable dump of a cursor tree, for `FORKLINT_CLANG_DUMP=1`.
pub fn dump(cursor: Cursor, depth: usize, out: &mut String) {
    use std::fmt::Write;
    let referenced = referenced(cursor).map(spelling).unwrap_or_default();
    let _ = writeln!(
        out,
        "{:indent$}{} `{}` -> `{referenced}` : {}",
        "",
        string(unsafe { clang_getCursorKindSpelling(kind(cursor)) }),
        spelling(cursor),
        type_spelling(type_of(cursor)),
        indent = depth * 2
    );
    for child in children(cursor) {
        dump(child, depth + 1, out);
    }
}
