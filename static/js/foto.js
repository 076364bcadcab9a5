// Photo page: upload as soon as a file is chosen, and show the crop frame live on the photo.
(function () {
  var upload = document.querySelector("form[data-auto-submit]");
  if (upload) {
    var input = upload.querySelector("input[type=file]");
    // While a new photo travels, the buttons below still act on the previous one: hold them.
    var hold = function () {
      document.querySelectorAll(".crop-form button, .confirm-bar button").forEach(function (b) {
        b.disabled = true;
      });
    };
    input.addEventListener("change", function () {
      if (input.files.length) { hold(); upload.submit(); }
    });
    upload.addEventListener("submit", hold);
  }
  // "Gunakan Foto Ini" is sent once, however often it is clicked.
  document.querySelectorAll("form[data-once]").forEach(function (once) {
    once.addEventListener("submit", function () {
      setTimeout(function () { once.querySelector("button").disabled = true; });
    });
  });
  var form = document.querySelector("form[data-crop-source]");
  if (!form) return;
  var stage = form.querySelector(".crop-stage");
  var img = stage.querySelector("img");
  var box = stage.querySelector(".crop-box");
  var w = Number(form.dataset.sourceWidth), h = Number(form.dataset.sourceHeight);
  var zoom = form.elements.zoom, x = form.elements.x, y = form.elements.y;

  function draw() {
    // The same arithmetic as cards/cropping.py: the largest 3:4 box, shrunk by zoom,
    // placed at x%/y% of the room that is left.
    var bw = Math.min(w, h * 3 / 4), bh = bw * 4 / 3;
    bw = bw * 100 / zoom.value; bh = bh * 100 / zoom.value;
    var left = (w - bw) * x.value / 100, top = (h - bh) * y.value / 100;
    var s = img.clientWidth / w;
    box.style.left = left * s + "px"; box.style.top = top * s + "px";
    box.style.width = bw * s + "px"; box.style.height = bh * s + "px";
  }
  img.addEventListener("load", function () { stage.hidden = false; draw(); });
  img.src = form.dataset.cropSource;
  [zoom, x, y].forEach(function (el) { el.addEventListener("input", draw); });
  window.addEventListener("resize", draw);
})();
