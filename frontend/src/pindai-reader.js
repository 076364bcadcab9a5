// Reading a card's QR code for "Pindai Kartu": camera frames and photos drawn to a canvas and
// decoded by zxing-wasm (zxing-cpp compiled to WebAssembly), whose .wasm file the portal
// serves itself (the library would fetch it from a CDN).
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";

const OPTIONS = { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 1 };
const FRAME_SIDE = 1920; // a camera frame is decoded at up to this many pixels a side
const PHOTO_SIDE = 2400; // a phone photo is first tried at this size
const FRAME_PAUSE_MS = 120; // between two camera frames: the phone stays cool

/** Fetch the decoder from `wasmUrl` (the portal's static file) instead of the CDN. */
export function useDecoderAt(wasmUrl) {
  prepareZXingModule({
    overrides: {
      locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
    },
  });
}

/** The text of the QR code in the pixels, or null. */
export async function readPixels(imageData) {
  const results = await readBarcodes(imageData, OPTIONS);
  const found = results.find((result) => result.isValid && result.text);
  return found ? found.text : null;
}

/** Card photos are drawn on white: the corners of a downloaded card's PNG are transparent. */
function pixels(source, width, height, canvas = document.createElement("canvas")) {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.fillStyle = "#fff";
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = "high";
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

export class NotAnImage extends Error {}

/** The QR text in a photo file, or null; NotAnImage when the browser cannot open the file. A
 * small or soft code is tried again larger, as a camera preview shows it. */
export async function readPhoto(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    throw new NotAnImage();
  }
  try {
    const longest = Math.max(bitmap.width, bitmap.height);
    const first = Math.min(1, PHOTO_SIDE / longest);
    const scales = [first, first * 2, first / 2].filter((s) => longest * s <= 2 * PHOTO_SIDE && longest * s >= 300);
    for (const scale of scales) {
      const width = Math.round(bitmap.width * scale);
      const height = Math.round(bitmap.height * scale);
      const text = await readPixels(pixels(bitmap, width, height));
      if (text) return text;
    }
    return null;
  } finally {
    bitmap.close();
  }
}

/** The rear camera in `video`; resolves with its stream, rejects as getUserMedia does. */
export async function openCamera(video) {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: "environment" }, width: { ideal: 1920 }, height: { ideal: 1080 } },
  });
  video.srcObject = stream;
  await video.play();
  return stream;
}

export function closeCamera(video, stream) {
  stream.getTracks().forEach((track) => track.stop());
  video.srcObject = null;
}

/** Frames of the playing video decoded one after another until a QR code is read (its
 * text) or `stillOn()` turns false (null). */
export async function scanVideo(video, stillOn) {
  const canvas = document.createElement("canvas");
  while (stillOn()) {
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      const scale = Math.min(1, FRAME_SIDE / Math.max(video.videoWidth, video.videoHeight));
      const width = Math.round(video.videoWidth * scale);
      const height = Math.round(video.videoHeight * scale);
      const text = await readPixels(pixels(video, width, height, canvas));
      if (text && stillOn()) return text;
    }
    await new Promise((resolve) => setTimeout(resolve, FRAME_PAUSE_MS));
  }
  return null;
}
