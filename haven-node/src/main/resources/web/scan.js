/*
 * Reads a QR code from the camera: a live viewfinder that keeps looking, a few times a second,
 * until it sees a code the caller wants or the officer stops it. Frames are read by the browser's
 * BarcodeDetector where it reads QR codes, else in the page by jsQR (vendor/jsQR.js, Apache-2.0,
 * served by the node like every other file of the app). No frame leaves the device.
 */
"use strict";

const HavenScan = (() => {
  /** How often a frame is looked at, in milliseconds: often enough to feel live, light on a phone. */
  const LOOK_EVERY_MS = 200;
  let running = null;

  /** A function from the video to the texts of the QR codes in its current frame. */
  async function reader() {
    if ("BarcodeDetector" in window && (await BarcodeDetector.getSupportedFormats()).includes("qr_code")) {
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      return async (video) => (await detector.detect(video)).map((code) => code.rawValue);
    }
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    return async (video) => {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      const frame = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" });
      return code ? [code.data] : [];
    };
  }

  function finish(text) {
    if (!running) {
      return;
    }
    const { stream, panel, resolve } = running;
    running = null;
    stream.getTracks().forEach((track) => track.stop());
    panel.querySelector("video").srcObject = null;
    panel.hidden = true;
    resolve(text);
  }

  /**
   * Shows the camera's picture in panel's <video> (panel is shown meanwhile) and resolves with the
   * first code's text that wanted(text) accepts, or null once stop() is called or another scan
   * starts. Rejects when there is no camera or its use is refused.
   */
  async function scan(panel, wanted) {
    finish(null);
    const video = panel.querySelector("video");
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
    const read = await reader();
    video.srcObject = stream;
    panel.hidden = false;
    await video.play();
    return new Promise((resolve) => {
      running = { stream, panel, resolve };
      const look = async () => {
        if (!running || running.stream !== stream) {
          return;
        }
        if (video.videoWidth > 0) {
          const found = (await read(video).catch(() => [])).find(wanted);
          if (found !== undefined && running && running.stream === stream) {
            finish(found);
            return;
          }
        }
        setTimeout(look, LOOK_EVERY_MS);
      };
      look();
    });
  }

  /** Stops the camera; the scan under way resolves with null. */
  function stop() {
    finish(null);
  }

  return { scan, stop };
})();
