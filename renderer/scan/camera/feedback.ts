/** Confirmation a shopper notices at a kiosk: a short beep (WebAudio, no audio file to ship). */
let audio: AudioContext | null = null;

export function beep(frequency = 1760, durationMs = 90): void {
  try {
    audio ??= new AudioContext();
    // Autoplay rules may leave the context suspended until a user gesture; resuming is best effort.
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'square';
    osc.frequency.value = frequency;
    const t = audio.currentTime;
    gain.gain.setValueAtTime(0.08, t);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + durationMs / 1000);
    osc.connect(gain).connect(audio.destination);
    osc.start(t);
    osc.stop(t + durationMs / 1000);
  } catch {
    // No audio device (a kiosk without speakers): the visual confirmation still shows.
  }
}
