// Autosave: the page works without this; with it, answers are saved as a draft a moment after each change.
(function () {
  var form = document.getElementById("answers");
  if (!form || !window.fetch) return;
  var timer = null;
  function answers() {
    var data = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (el) {
      data[el.name.slice(2)] = el.value;
    });
    return data;
  }
  function save() {
    fetch(window.location.pathname, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify({answers: answers(), action: "save"})
    }).then(function (r) {
      var status = document.getElementById("autosave-status");
      if (!status) {
        status = document.createElement("p");
        status.id = "autosave-status"; status.setAttribute("role", "status"); status.className = "about";
        form.insertBefore(status, form.firstChild);
      }
      status.textContent = r.ok ? "Đã tự động lưu nháp." : "Chưa lưu được; hãy bấm Lưu nháp.";
    }).catch(function () {});
  }
  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
})();
