<?php

declare(strict_types=1);

namespace Paysign;

/**
 * A request that did not verify. getReason() is a stable code:
 * malformed_header, missing_header, timestamp_out_of_window,
 * signature_mismatch, digest_mismatch, headers_list_mismatch,
 * unsupported_algorithm, unknown_key_id, unknown_access_id, unknown_key,
 * duplicate_header, replayed, replay_store_unavailable.
 */
class VerificationException extends PaysignException
{
    public function __construct(string $message, private readonly string $reason)
    {
        parent::__construct($message, null);
    }

    public function getReason(): string
    {
        return $this->reason;
    }
}
