using System.Security.Cryptography;
using Claro.Catalog;

namespace Claro.Api.Catalog;

/// <summary>Where deliverable files are kept. Only the API touches file bytes; grains record what was kept.</summary>
public interface IFileStore
{
    /// <summary>
    /// Streams <paramref name="content"/> into the store, hashing it on the way. A file appears under its
    /// id only once complete. More than <paramref name="maxBytes"/> bytes: <see cref="FileTooLargeException"/>, nothing kept.
    /// </summary>
    /// <param name="tenantId">The tenant the file is uploaded for: its id names it (<see cref="FileIds"/>).</param>
    Task<StoredFile> SaveAsync(string tenantId, Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The file's bytes; <see cref="FileNotFoundException"/> for an unknown id.</summary>
    Stream OpenRead(string fileId);

    /// <summary>Removes the file if it is there.</summary>
    void Delete(string fileId);
}

/// <param name="Sha256">Lowercase hex SHA-256 of the bytes.</param>
public sealed record StoredFile(string FileId, long Size, string Sha256);

public sealed class FileTooLargeException(long maxBytes)
    : Exception($"The file is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>
/// Files on local disk under <c>CLARO_FILE_STORE_PATH</c>: <c>files/{fileId}</c>, each written first
/// to <c>incoming/</c> on the same volume, flushed, then renamed into place, so a crash never leaves
/// a partial file under a file id. Ids are random, never taken from the upload.
/// </summary>
public sealed class LocalDiskFileStore : IFileStore
{
    private const int BufferSize = 128 * 1024;

    private readonly string _files;
    private readonly string _incoming;

    public LocalDiskFileStore(string root)
    {
        _files = Path.Combine(root, "files");
        _incoming = Path.Combine(root, "incoming");
        Directory.CreateDirectory(_files);
        Directory.CreateDirectory(_incoming);
    }

    public async Task<StoredFile> SaveAsync(string tenantId, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var fileId = FileIds.New(tenantId);
        var temporary = Path.Combine(_incoming, fileId + ".part");
        try
        {
            long size = 0;
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                        throw new FileTooLargeException(maxBytes);
                    sha256.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, PathOf(fileId));
            return new StoredFile(fileId, size, Convert.ToHexStringLower(sha256.GetHashAndReset()));
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Stream OpenRead(string fileId) =>
        new FileStream(PathOf(fileId), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public void Delete(string fileId) => File.Delete(PathOf(fileId));

    private string PathOf(string fileId) =>
        FileIds.IsWellFormed(fileId) ? Path.Combine(_files, fileId) : throw new FileNotFoundException("Not a file id.", fileId);

}
