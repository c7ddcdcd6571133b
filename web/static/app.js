// Small progressive enhancements; every page works without them.
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) {
    e.preventDefault();
  }
});
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) {
    window.print();
  }
});
// A 回头看 that finds a rebound needs a note and a new due date: the
// browser asks for them before posting, as the server would.
document.addEventListener("change", function (e) {
  var form = e.target.closest("form[data-rebound]");
  if (!form || e.target.name !== "outcome") {
    return;
  }
  var rebound = e.target.value === "rebound";
  form.querySelectorAll("[name=note], [name=due_on]").forEach(function (el) {
    el.required = rebound;
  });
});
// A refused form shows its message beside the field: bring it into view.
document.addEventListener("DOMContentLoaded", function () {
  var bad = document.querySelector("[aria-invalid=true]");
  if (bad) {
    bad.focus();
  }
});
