-- Enums. The first four are the clinic schema specification's, same labels in the same order;
-- the rest are FHIR's value sets for the columns the specification does not have.

CREATE TYPE clinic.sex AS ENUM ('male', 'female', 'other');
COMMENT ON TYPE clinic.sex IS 'Administrative sex.';

CREATE TYPE clinic.allergy_severity AS ENUM ('mild', 'moderate', 'severe', 'life_threatening');
COMMENT ON TYPE clinic.allergy_severity IS 'Severity of the reaction.';

CREATE TYPE clinic.appointment_type AS ENUM
    ('new_patient', 'follow_up', 'routine_checkup', 'sick_visit', 'telehealth');
COMMENT ON TYPE clinic.appointment_type IS 'Kind of visit.';

CREATE TYPE clinic.appointment_status AS ENUM
    ('scheduled', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show');
COMMENT ON TYPE clinic.appointment_status IS
    'Appointment state; transitions enforced by clinic.appointment_rules_trigger().';

CREATE TYPE clinic.allergy_criticality AS ENUM ('low', 'high', 'unable_to_assess');
COMMENT ON TYPE clinic.allergy_criticality IS
    'Potential for a future life-threatening reaction (FHIR AllergyIntolerance.criticality), distinct from severity.';

CREATE TYPE clinic.allergy_clinical_status AS ENUM ('active', 'inactive', 'resolved');
COMMENT ON TYPE clinic.allergy_clinical_status IS 'FHIR AllergyIntolerance.clinicalStatus.';

CREATE TYPE clinic.allergen_code_system AS ENUM ('rxnorm', 'snomed_ct');
COMMENT ON TYPE clinic.allergen_code_system IS
    'Code system of a coded allergen: RxNorm for drugs, SNOMED CT otherwise.';

CREATE TYPE clinic.condition_clinical_status AS ENUM
    ('active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved');
COMMENT ON TYPE clinic.condition_clinical_status IS 'FHIR Condition.clinicalStatus.';

CREATE TYPE clinic.prescription_status AS ENUM
    ('active', 'on_hold', 'cancelled', 'completed', 'entered_in_error', 'stopped', 'draft');
COMMENT ON TYPE clinic.prescription_status IS 'FHIR MedicationRequest.status.';

CREATE TYPE clinic.consent_kind AS ENUM
    ('treatment', 'privacy_notice', 'telehealth', 'research', 'email_communication',
     'sms_communication', 'photography');
COMMENT ON TYPE clinic.consent_kind IS 'What a consent record covers.';

CREATE TYPE clinic.consent_status AS ENUM ('granted', 'declined', 'revoked');
COMMENT ON TYPE clinic.consent_status IS
    'granted (with granted_at), declined, or revoked (with revoked_at); expiry is expires_at.';
