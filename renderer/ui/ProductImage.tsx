/** A product image from the offline cache (or the server, then cached); a quiet placeholder when neither has it. */
import { useImage } from '../data/hooks';
import { useI18n } from '../i18n';
import { productMessages } from './product.messages';

export function ProductImage({ path, alt, className }: { path: string | null; alt: string; className?: string }): React.JSX.Element {
  const { src, loading } = useImage(path);
  const { t } = useI18n(productMessages);
  if (!src) {
    return (
      <div className={`img-placeholder ${className ?? ''}`} role="img" aria-label={loading ? t('imageLoading') : t('imageOffline')}>
        {loading ? '' : t('noImage')}
      </div>
    );
  }
  return <img className={className} src={src} alt={alt} draggable={false} />;
}
