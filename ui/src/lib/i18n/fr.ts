// Reference dictionary: its keys define `MessageKey`, so every other locale must
// provide exactly the same keys (a missing or extra key is a type error).
// Wording follows the Medimail user manual (GRADeS Occitanie).
import { listFr } from './areas/list.fr';
import { readerFr } from './areas/reader.fr';
import { composeFr } from './areas/compose.fr';
import { settingsFr } from './areas/settings.fr';
import { shellFr } from './areas/shell.fr';

export const fr = {
  ...listFr,
  ...readerFr,
  ...composeFr,
  ...settingsFr,
  ...shellFr,
  'app.name': 'Medimail Desktop',

  'topbar.search.label': 'Rechercher un message',
  'topbar.search.placeholder': 'Rechercher un message…',
  'topbar.refresh': 'Actualiser',
  'topbar.refresh.hint': 'Actualiser la boîte mail',

  'account.noName': 'Mon compte',
  'account.manage': 'Gérer mon compte',
  'account.switch': 'Changer de compte',
  'account.logout': 'Se déconnecter',
  'account.language': 'Langue',

  'language.fr': 'Français',
  'language.en': 'English',

  'mode.label': 'Type de messagerie',
  'mode.pro': 'Pro',
  'mode.patient': 'Patient',
  'mode.pro.hint': 'Messages avec les professionnels de santé',
  'mode.patient.hint': 'Messages avec les patients et usagers',
  'compose.pro': 'Nouveau message Pro',
  'compose.patient': 'Nouveau message Patient',
  'compose.patient.notAllowed': 'Ce type de compte ne peut pas écrire aux patients : passez par une boîte organisationnelle ou un compte personnel avec RPPS.',

  'folders.label': 'Dossiers',
  'folders.inbox': 'Boîte de réception',
  'folders.sent': 'Messages envoyés',
  'folders.drafts': 'Brouillons',
  'folders.trash': 'Messages supprimés',
  'folders.directory': 'Annuaire',
  'folders.new': 'Nouveau dossier',
  'folders.unread': '{count} non lus',
  'folders.junk': 'Courrier indésirable',
  'folders.archive': 'Archives',
  'folders.mine': 'Mes dossiers',
  'folders.shared': 'Boîte partagée : {owner}',
  'folders.new.label': 'Nom du nouveau dossier',
  'folders.new.placeholder': 'Nom du dossier, puis Entrée',
  'folders.rename': 'Renommer',
  'folders.rename.label': 'Renommer le dossier « {name} »',
  'folders.delete': 'Supprimer',
  'folders.delete.label': 'Supprimer le dossier « {name} »',
  'folders.archived': 'Messages archivés',
  'folders.archived.hint': 'Messages conservés sur cet ordinateur après leur suppression du serveur (90 jours)',
  'folders.notOnServer': 'Ce dossier n’existe plus sur le serveur ; ses messages restent ici',
  'folders.name.empty': 'Saisissez un nom de dossier.',
  'folders.name.tooLong': 'Ce nom est trop long (100 caractères au plus).',
  'folders.name.invalid': 'Ce nom contient un caractère non autorisé (% * " \\).',
  'folders.name.taken': 'Un dossier porte déjà ce nom.',


  'reader.label': 'Lecture du message',
  'reader.empty': 'Sélectionnez un message pour le lire',

  'status.label': 'État de l’application',
  'status.online': 'En ligne',
  'status.offline': 'Hors ligne',
  'status.connecting': 'Connexion…',
  'status.outbox': 'Boîte d’envoi : {count}',
  'status.sync': 'Synchronisation {done}/{total}',
  'status.version': 'Version {version}',

  'error.invalid_input': 'Certaines informations saisies ne sont pas valides. Vérifiez-les puis réessayez.',
  'error.io': 'Impossible de lire ou d’écrire les données sur cet ordinateur. Vérifiez l’espace disque disponible et les droits sur le dossier de Medimail, puis réessayez.',
  'error.network': 'Impossible de joindre le serveur de messagerie. Vérifiez votre connexion Internet puis réessayez.',
  'error.tls': 'La connexion sécurisée avec le serveur a échoué. Réessayez dans quelques instants ; si le problème persiste, contactez le support.',
  'error.certificate': 'Le certificat du serveur ou votre certificat personnel n’est pas reconnu. Vérifiez la configuration du compte ou contactez le support.',
  'error.auth_failed': 'Le serveur a refusé vos identifiants. Vérifiez votre adresse et votre mot de passe, ou votre carte CPS, puis reconnectez-vous.',
  'error.unsupported': 'Le serveur ne propose pas une fonction nécessaire à cette opération. Contactez le support de votre messagerie.',
  'error.server': 'Le serveur de messagerie a refusé l’opération. Réessayez plus tard ; si le problème persiste, contactez le support.',
  'error.timeout': 'Le serveur met trop de temps à répondre. Vérifiez votre connexion puis réessayez.',
  'error.store': 'La base locale des messages a rencontré un problème. Redémarrez l’application ; vos messages ne sont pas perdus.',
  'error.store_key': 'La base locale ne s’ouvre pas avec la clé du trousseau. Vérifiez que vous êtes sur votre session habituelle, puis contactez le support.',
  'error.store_too_new':
    'Ces données ont été enregistrées par une version plus récente de Medimail Desktop. Installez la dernière version ; vos messages ne sont pas perdus.',
  'error.keyring':
    'Le trousseau de mots de passe du système est verrouillé ou indisponible. Ouvrez votre session habituelle et déverrouillez son trousseau (sous Linux : « Mots de passe et clés »), puis réessayez.',
  'error.not_found': 'L’élément demandé n’existe pas ou plus. Actualisez la liste puis réessayez.',
  'error.busy': 'Une autre fenêtre ou tâche Medimail utilise ce profil. Patientez quelques instants puis réessayez.',
  'error.internal': 'Une erreur interne est survenue. Redémarrez l’application ; si le problème persiste, contactez le support.',
  'error.unknown': 'Une erreur inattendue est survenue. Réessayez ; si le problème persiste, contactez le support.',
} as const;

export type MessageKey = keyof typeof fr;
export type Messages = Record<MessageKey, string>;
