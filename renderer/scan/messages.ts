/** Text of the scanning UI (the refusal toast, the camera preview). The reasons a scan is refused come from shared/barcode. */
import { defineMessages } from '../i18n';

export const scanMessages = defineMessages({
  en: {
    notUsed: 'Scan not used',
    dismiss: 'Dismiss',
    starting: 'Starting camera…',
    refused: 'Camera access was refused',
    unavailable: 'Camera unavailable: {error}',
    preview: 'Camera preview',
    camera: 'Camera',
    defaultCamera: 'Default camera',
    cameraN: 'Camera {n}',
    lightOff: 'Light off',
    lightOn: 'Light on',
  },
  fr: {
    notUsed: 'Scan non utilisé',
    dismiss: 'Fermer',
    starting: 'Démarrage de la caméra…',
    refused: 'L’accès à la caméra a été refusé',
    unavailable: 'Caméra indisponible : {error}',
    preview: 'Aperçu de la caméra',
    camera: 'Caméra',
    defaultCamera: 'Caméra par défaut',
    cameraN: 'Caméra {n}',
    lightOff: 'Éteindre la lampe',
    lightOn: 'Allumer la lampe',
  },
  de: {
    notUsed: 'Scan nicht verwendet',
    dismiss: 'Schließen',
    starting: 'Kamera wird gestartet …',
    refused: 'Der Kamerazugriff wurde verweigert',
    unavailable: 'Kamera nicht verfügbar: {error}',
    preview: 'Kameravorschau',
    camera: 'Kamera',
    defaultCamera: 'Standardkamera',
    cameraN: 'Kamera {n}',
    lightOff: 'Licht aus',
    lightOn: 'Licht an',
  },
});
