// Forms in the page's language, not the browser's: the browser's own checks
// ("Please fill out this field") get the page's words for the same rule, and a
// file picker ("Choose File / No file chosen") is a button of the page's (a
// label for a visually hidden input, in the template) with the chosen file's
// name beside it ([data-file-name-for="<input id>"]). The words come from
// #forms-i18n (templates/base.html).
(() => {
  const strings = JSON.parse(document.getElementById("forms-i18n")?.textContent || "{}");

  /** The page's words for why `control` is invalid ("" when it is not). */
  function message(control) {
    const v = control.validity;
    const n = (text, value) => text.replace("{n}", value);
    if (v.valueMissing) {
      if (control.type === "file") return strings.file;
      if (control.type === "checkbox") return strings.checkbox;
      if (control.tagName === "SELECT" || control.type === "radio") return strings.select;
      return strings.required;
    }
    if (v.badInput) return strings.number;
    if (v.typeMismatch) return control.type === "email" ? strings.email : strings.type;
    if (v.patternMismatch) return control.dataset.patternMessage || strings.pattern;
    if (v.tooLong) return n(strings.too_long, control.maxLength);
    if (v.tooShort) return n(strings.too_short, control.minLength);
    if (v.rangeUnderflow) return n(strings.min, control.min);
    if (v.rangeOverflow) return n(strings.max, control.max);
    if (v.stepMismatch) return strings.step;
    return "";
  }

  // Just before the browser shows its bubble: the page's words instead.
  document.addEventListener("invalid", (event) => {
    const control = event.target;
    control.setCustomValidity("");
    control.setCustomValidity(message(control) || "");
  }, true);
  // A changed value is checked afresh.
  const clear = (event) => event.target.setCustomValidity?.("");
  document.addEventListener("input", clear, true);
  document.addEventListener("change", clear, true);

  // The chosen file's name beside the page's own button.
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (input.type !== "file" || !input.id) return;
    for (const label of document.querySelectorAll(`[data-file-name-for="${CSS.escape(input.id)}"]`)) {
      label.textContent = [...input.files].map((file) => file.name).join(", ") || strings.no_file;
      label.classList.toggle("has-file", input.files.length > 0);
    }
  });
})();
