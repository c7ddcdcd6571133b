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
// 相似问题 while a problem is typed: a textarea with data-similar posts its
// text (and the form's category and branch) to that address, same origin
// with the session, and lists the answer in the element data-similar-list
// names. Text only: nothing from the answer is read as HTML.
(function () {
  var timer = null;
  function show(list, items) {
    list.textContent = "";
    list.hidden = items.length === 0;
    items.forEach(function (it) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = it.url;
      a.textContent = it.description;
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = [it.branch + (it.same_branch ? "（本单位）" : ""), it.category,
        "相似度 " + it.score.toFixed(2), it.closed ? "已销号" : "整改中"].filter(Boolean).join(" · ");
      li.appendChild(a);
      li.appendChild(meta);
      list.appendChild(li);
    });
  }
  // area carries the data-similar attributes: the textarea itself, or an
  // element around it; field is the textarea being typed in.
  function ask(area, field) {
    var list = document.getElementById(area.getAttribute("data-similar-list"));
    var text = (field.value || "").trim();
    if (!list) { return; }
    if (text.length < 6) { show(list, []); return; }
    var body = new URLSearchParams();
    body.set("text", text);
    ["category", "branch_id"].forEach(function (name) {
      var f = field.form && field.form.elements[name];
      if (f && f.value) { body.set(name, f.value); }
    });
    fetch(area.getAttribute("data-similar"), {method: "POST", body: body, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : {items: []}; })
      .then(function (d) { show(list, d.items || []); })
      .catch(function () {});
  }
  document.addEventListener("input", function (e) {
    var area = e.target.closest && e.target.closest("[data-similar]");
    if (!area || e.target.tagName !== "TEXTAREA") { return; }
    var field = e.target;
    clearTimeout(timer);
    timer = setTimeout(function () { ask(area, field); }, 400);
  });
})();
