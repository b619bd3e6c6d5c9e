// Autosave: the page works without this; with it, answers are saved as a draft a moment after each change.
(function () {
  var form = document.getElementById("answers");
  if (!form || !window.fetch || form.getAttribute("method") !== "post") return;
  var timer = null, status = document.getElementById("autosave-status");
  function answers() {
    var data = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (el) {
      data[el.name.slice(2)] = el.value;
    });
    return data;
  }
  function count() {
    var n = Object.keys(answers()).length, el = document.getElementById("answered");
    if (el) el.textContent = n;
    var bar = document.querySelector("#progress progress");
    if (bar) bar.value = n;
  }
  function say(text) { if (status) status.textContent = text; }
  function save() {
    fetch(window.location.pathname, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify({answers: answers(), action: "save"})
    }).then(function (r) {
      if (r.ok) say("Đã tự động lưu nháp lúc " + new Date().toLocaleTimeString("vi-VN") + ".");
      else if (r.status === 409) say("Phiếu không còn nhận trả lời; hãy tải lại trang để biết lý do.");
      else say("Chưa tự động lưu được; hãy bấm Lưu nháp.");
    }).catch(function () { say("Mất kết nối: chưa lưu được. Câu trả lời vẫn còn trên trang; hãy bấm Lưu nháp khi có mạng."); });
  }
  form.addEventListener("change", function () {
    count();
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
})();
