package org.bitwreckers.cms.core.media;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Media files in an S3 bucket (or an S3-compatible store, through an endpoint override and path-style access). */
public final class S3Storage implements MediaStorage, AutoCloseable {
    private final S3Client s3;
    private final String bucket;

    /**
     * @param accessKeyId     AWS_ACCESS_KEY_ID; empty (with the secret) to take credentials from the AWS SDK's default
     *                        chain, which also renews temporary ones (instance and container roles, web identity)
     * @param secretAccessKey AWS_SECRET_ACCESS_KEY
     * @param region          AWS_REGION
     * @param bucket          AWS_BUCKET_NAME
     * @param endpoint        endpoint of an S3-compatible store, if any
     * @param pathStyle       path-style addressing
     */
    public S3Storage(Optional<String> accessKeyId, Optional<String> secretAccessKey, String region, String bucket,
                     Optional<String> endpoint, boolean pathStyle) {
        AwsCredentialsProvider credentials = accessKeyId.isPresent() && secretAccessKey.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.get()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(pathStyle);
        endpoint.map(URI::create).ifPresent(builder::endpointOverride);
        this.s3 = builder.build();
        this.bucket = bucket;
    }

    @Override
    public void put(String key, Path file, String contentType) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                                 .cacheControl("public, max-age=31536000, immutable").build(), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new StorageUnavailableException("S3 refused to store " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<InputStream> read(String key, long offset, long length) {
        try {
            return Optional.of(s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key)
                                                    .range("bytes=" + offset + "-" + (offset + length - 1)).build()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new StorageUnavailableException("S3 cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (SdkException e) {
            throw new StorageUnavailableException("S3 cannot delete " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> problem() {
        try {
            s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
            return Optional.empty();
        } catch (SdkException e) {
            return Optional.of("bucket " + bucket + " cannot be reached (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public boolean holdsFiles() {
        try {
            return s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).maxKeys(1).build()).keyCount() > 0;
        } catch (SdkException e) {
            throw new StorageUnavailableException("S3 cannot list " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public String location() {
        return "s3 " + bucket;
    }

    @Override
    public void close() {
        s3.close();
    }
}
