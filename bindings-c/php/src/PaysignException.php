<?php

declare(strict_types=1);

namespace Paysign;

/**
 * A bad argument: one paysign cannot use. The message is "<field>: <problem>";
 * getField() names the argument as the library does ("key_id", "date", "url",
 * ...). Messages never contain a secret.
 */
class PaysignException extends \InvalidArgumentException
{
    public function __construct(string $message, private readonly ?string $field = null)
    {
        parent::__construct($message);
    }

    /** The argument the failure is about, or null (always for a VerificationException). */
    public function getField(): ?string
    {
        return $this->field;
    }
}
