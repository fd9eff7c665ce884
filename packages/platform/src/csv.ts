/**
 * Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ (or a tab or carriage
 * return before one) as a formula, and a partner's area or facility name, or a client's operation
 * name, is enough to start one (CSV injection, OWASP). Such a text cell gets a leading apostrophe,
 * which spreadsheets show as text. Callers pass text only: numbers are written as numbers, so
 * -3.5 stays a number.
 */
export const neutraliseFormula = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
