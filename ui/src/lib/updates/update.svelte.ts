// What the window knows of an update of the app: the version offered (by the background
// look or "Rechercher des mises à jour"), the download under way, and a failure to say. One
// instance, shared by the notice and the settings, so a look from either shows in both.
import { checkForUpdate, installUpdate, type UpdateOffer, type UpdateProgress } from '../backend';
import type { AppError } from '../bindings/AppError';

export type UpdatePhase = 'idle' | 'offered' | 'installing' | 'failed';

export class UpdateState {
  offer = $state<UpdateOffer | null>(null);
  phase = $state<UpdatePhase>('idle');
  progress = $state<UpdateProgress | null>(null);
  error = $state<AppError | null>(null);
  /** "Plus tard": the notice stays away until another version is offered. */
  dismissed = $state<string | null>(null);

  get visible(): boolean {
    return this.offer !== null && this.phase !== 'idle' && this.dismissed !== this.offer.version;
  }

  /** Share of the download received, 0 to 100; null while the size is unknown. */
  get percent(): number | null {
    const total = this.progress?.total;
    if (!this.progress || !total) return null;
    return Math.min(100, Math.round((this.progress.downloaded / total) * 100));
  }

  offered(offer: UpdateOffer): void {
    if (this.phase === 'installing') return;
    this.offer = offer;
    this.phase = 'offered';
    this.error = null;
    this.progress = null;
  }

  /** Looks now; the newer version (also shown in the notice) or null when up to date. */
  async check(): Promise<UpdateOffer | null> {
    const offer = await checkForUpdate();
    if (offer) {
      this.dismissed = null;
      this.offered(offer);
    } else if (this.phase !== 'installing') {
      this.offer = null;
      this.phase = 'idle';
    }
    return offer;
  }

  later(): void {
    if (this.offer) this.dismissed = this.offer.version;
  }

  received(progress: UpdateProgress): void {
    if (this.phase === 'installing') this.progress = progress;
  }

  /** "Installer et redémarrer": on success the app restarts into the new version. */
  async install(): Promise<void> {
    this.phase = 'installing';
    this.error = null;
    this.progress = null;
    try {
      await installUpdate();
    } catch (error) {
      this.error = error as AppError;
      this.phase = 'failed';
    }
  }
}

export const update = new UpdateState();
