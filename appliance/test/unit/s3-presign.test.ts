import { describe, expect, it } from 'vitest';
import { S3AssetStore } from '../../src/adapters/storage/s3-assets.js';

const settings = { endpoint: 'http://minio:9000', bucket: 'media', accessKey: 'key', secretKey: 'secret', region: 'us-east-1' };

describe('presigned playback URLs', () => {
  it('point at S3_ENDPOINT by default', async () => {
    const url = await new S3AssetStore(settings).presignedUrl('media/o/m/hls/r/v0/seg_00000.ts', 600);
    expect(url).toMatch(/^http:\/\/minio:9000\/media\/media\/o\/m\/hls\/r\/v0\/seg_00000\.ts\?/);
    expect(url).toContain('X-Amz-Expires=600');
  });

  it('point at S3_PUBLIC_ENDPOINT when players reach the bucket by another name', async () => {
    const store = new S3AssetStore({ ...settings, publicEndpoint: 'https://s3.biblio.example.org' });
    const url = await store.presignedUrl('media/o/m/hls/r/v0/seg_00000.ts', 600);
    expect(url).toMatch(/^https:\/\/s3\.biblio\.example\.org\/media\/media\/o\/m\//);
    expect(url).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
  });
});
