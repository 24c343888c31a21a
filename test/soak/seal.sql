SELECT chains FROM clinic.audit_log_seal();
