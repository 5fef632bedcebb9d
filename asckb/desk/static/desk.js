// The desk's progressive enhancement: every form works without it.
// - GOV.UK Frontend's components run only where the body says they are supported.
// - "Split at cursor" needs the caret's place in "Text": kept in the form's hidden "cursor" field.
// - Choosing a finding highlights its lines in the report beside it.
// - Enter in "Find findings to cite" searches, rather than pressing the form's first button.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) document.body.classList.add("govuk-frontend-supported");

document.querySelectorAll("form.desk-finding").forEach(function (form) {
  var text = form.querySelector("textarea.desk-text");
  var cursor = form.querySelector("input.desk-cursor");
  if (text && cursor) {
    var keep = function () { cursor.value = String(text.selectionStart); };
    ["keyup", "click", "select", "focus", "input"].forEach(function (name) { text.addEventListener(name, keep); });
  }
  form.addEventListener("focusin", function () { highlight(form); });
});

function highlight(form) {
  var first = Number(form.dataset.firstLine), last = Number(form.dataset.lastLine);
  document.querySelectorAll(".desk-line--chosen").forEach(function (line) { line.classList.remove("desk-line--chosen"); });
  if (!first) return;
  var panel = document.querySelector(".desk-source"), shown = null;
  document.querySelectorAll(".desk-line").forEach(function (line) {
    var number = Number(line.dataset.line);
    if (number >= first && number <= last) {
      line.classList.add("desk-line--chosen");
      shown = shown || line;
    }
  });
  if (panel && shown) panel.scrollTop = shown.offsetTop - panel.offsetTop - 16;
}

document.querySelectorAll("input[id^='query-']").forEach(function (input) {
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    var button = input.parentElement.querySelector("button[value^='find:']");
    if (button) button.click();
  });
});
