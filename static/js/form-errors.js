// After a rejected form, move the focus to the error summary so that a screen reader
// reads it first and a keyboard user starts from its links (WCAG 3.3.1, A11Y-04).
(function () {
  "use strict";
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
})();
